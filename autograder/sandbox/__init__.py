"""Running untrusted student code in a child process and getting plain data back."""
