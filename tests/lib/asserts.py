"""asserts.py: the two checks every suite uses, failing with a message that says what and the
values (as AssertionError, so pytest reports them as test failures)."""


class Fail(AssertionError):
    """A check that did not hold; the message says what and the values."""


def check(cond, msg):
    __tracebackhide__ = True   # pytest shows the caller's line, not this one
    if not cond:
        raise Fail(msg)


def eq(got, want, what):
    __tracebackhide__ = True
    if got != want:
        raise Fail(f"{what}: got {got!r}, want {want!r}")
