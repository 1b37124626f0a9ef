"""Message catalogs: each module defines MESSAGES = {key: (zh, en)}."""
