"""Libraries that talk to the terminal on their own, told to speak only of problems."""

from __future__ import annotations

import logging


def quiet_jieba() -> None:
    """jieba (Material's search segments Chinese with it) logs the loading of its dictionary
    to stderr at start-up ("Building prefix dict …"): keep only its warnings."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
