from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from mildkracht.web.accounts.models import User

PASSWORD = "a calm lake at dawn"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is meant to be slow; web tests spent most of their time in it. The production
    # hasher is held by test_settings and by the tests that ask for it (argon2_hashing).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def argon2_hashing(settings):
    from mildkracht.web import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _plain_static_files_and_empty_cache(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns about a missing STATIC_ROOT, which `serve` fills with collectstatic.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Ids are reused after each test's rollback: nothing cached may outlive its test.
    _clear_caches()
    yield
    _clear_caches()


def _clear_caches() -> None:
    for alias, options in django_settings.CACHES.items():
        if not options["BACKEND"].endswith(".db.DatabaseCache"):  # that one rolls back
            caches[alias].clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def owner(db) -> User:
    user = User(username="owner", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
