"""Key wrapping, the failure throttle and password hashing."""

from __future__ import annotations

import pytest
from cryptography.fernet import InvalidToken

from sluice.errors import TooManyAttemptsError
from sluice.security.crypto import Cipher, WrongPasswordError, new_data_key, unwrap_key, wrap_key
from sluice.security.passwords import hash_password, verify_password
from sluice.security.throttle import FailureThrottle


def test_wrap_unwrap_and_wrong_password() -> None:
    dek = new_data_key()
    wrapped = wrap_key(dek, "master password", 100_000)
    assert wrapped.iterations == 100_000
    assert unwrap_key(wrapped, "master password") == dek
    with pytest.raises(WrongPasswordError):
        unwrap_key(wrapped, "Master password")


def test_each_wrapping_uses_a_fresh_salt() -> None:
    dek = new_data_key()
    a = wrap_key(dek, "pw-pw-pw-pw", 100_000)
    b = wrap_key(dek, "pw-pw-pw-pw", 100_000)
    assert a.salt != b.salt
    assert a.wrapped != b.wrapped


def test_default_iterations_meet_owasp() -> None:
    from sluice.settings import SluiceSettings

    assert SluiceSettings().pbkdf2_iterations >= 600_000


def test_cipher_round_trip_and_foreign_key_fails() -> None:
    cipher = Cipher(new_data_key())
    token = cipher.encrypt(b"hello")
    assert cipher.decrypt(token) == b"hello"
    with pytest.raises(InvalidToken):
        Cipher(new_data_key()).decrypt(token)


def test_throttle_grows_and_resets() -> None:
    now = [0.0]
    throttle = FailureThrottle(free_failures=2, base_delay=1.0, clock=lambda: now[0])
    throttle.check("k", "x")
    throttle.failed("k")
    throttle.failed("k")
    with pytest.raises(TooManyAttemptsError):
        throttle.check("k", "x")
    now[0] += 1.1
    throttle.check("k", "x")
    throttle.failed("k")
    now[0] += 1.1
    with pytest.raises(TooManyAttemptsError) as info:
        throttle.check("k", "x")
    assert 0 < info.value.retry_after <= 1.0
    throttle.succeeded("k")
    throttle.check("k", "x")


def test_password_hash_is_argon2() -> None:
    h = hash_password("pw-123456")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "pw-123456")
    assert not verify_password(h, "pw-1234567")
    assert not verify_password("garbage", "pw")
