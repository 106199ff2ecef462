"""The PySide6 window: main window, one sub-package per screen, table models and dialogs."""
