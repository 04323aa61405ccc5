"""The Qt views. Only this package imports Qt."""
