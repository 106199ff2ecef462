"""Services: validated units of work over the store, called by the window and the command line alike."""
