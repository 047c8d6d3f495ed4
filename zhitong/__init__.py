"""zhitong (直通): the case book for keeping a development zone's promises to its enterprises."""

__version__ = "0.1.0"
