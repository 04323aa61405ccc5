"""The Qt-free service layer between the window and the database."""
