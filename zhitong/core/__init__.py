"""Pure domain logic: no files, no environment, no clock, no current language."""
