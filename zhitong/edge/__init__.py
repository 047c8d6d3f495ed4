"""Where the outside comes in: typed instants and the clock, config and policy files, sheets and files written."""
