"""dvdesk: the directory and referral tool for counselors at DV and women's-support desks. The
layers and where each feature lives: docs/architecture.md."""

__version__ = "0.1.0"
