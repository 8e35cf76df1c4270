"""Loaded by schemathesis through SCHEMATHESIS_HOOKS (tests/tests/openapi_fuzz.rs sets it).

CPython 3.11 before 3.11.8 can raise "SystemError: AST constructor recursion depth
mismatch" from ast.parse when it is called deep in the stack (CPython issue 106905).
Hypothesis parses its own lambdas' source only to describe them in repr(), and
schemathesis's coverage phase reaches that deep enough to hit the bug, which then aborts
the operation as a runtime error. A description is all that is at stake, so fall back to
hypothesis's own "unknown" one instead of failing the run.
"""

from hypothesis.internal import lambda_sources

_describe = lambda_sources.lambda_description


def _lambda_description(f):
    try:
        return _describe(f)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources.lambda_description = _lambda_description
