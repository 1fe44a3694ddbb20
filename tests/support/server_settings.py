"""The settings of the throwaway servers the tests start (tests/support/liveserver.py): the
production settings, with passwords hashed by MD5 instead of PBKDF2 with a million rounds.

Each login, each wrong password of the lockout tests and each account made costs such a server
about 0.3 s of CPU otherwise, and no test is about the hash itself: Django's own advice for test
suites, as tests/conftest.py does for the tests' own process. Nothing else differs.
"""

from bronwijzer.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
