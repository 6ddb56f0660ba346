"""schemathesis against ``/openapi.json`` (in process, over ASGI): no 5xx, and every
response, error or not, has a declared status, content type and schema.

Each operation gets data that fits the schema, data that does not (which must be
rejected with a 4xx), and cases with real ids (so 200s are checked too), for the
public and for an administrator's API token (whose POSTs record updates in a copy).
A bounded number of examples keeps it fast. (schemathesis's Python API is used with
Hypothesis directly: its lazy pytest loader does not work with the pytest here.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.helpers import ACTION, OUTCOME, STRATEGY

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ACTION_IDS = {"strategy": STRATEGY, "key": ACTION}
OPERATIONS: list[tuple[str, str, dict[str, str] | None]] = [
    ("GET", "/api/v1/areas", None),
    ("GET", "/api/v1/areas/{code}", {"code": "S37000008"}),
    ("GET", "/api/v1/strategies", None),
    ("GET", "/api/v1/strategies/{key}", {"key": STRATEGY}),
    ("GET", "/api/v1/outcomes", None),
    ("GET", "/api/v1/outcomes/{strategy}/{key}", {"strategy": STRATEGY, "key": OUTCOME}),
    ("GET", "/api/v1/actions", None),
    ("GET", "/api/v1/actions/{strategy}/{key}", ACTION_IDS),
    ("GET", "/api/v1/actions/{strategy}/{key}/updates", ACTION_IDS),
    ("POST", "/api/v1/actions/{strategy}/{key}/updates", ACTION_IDS),
    ("GET", "/api/v1/me", None),
    ("GET", "/api/v1/indicators", None),
    ("GET", "/api/v1/indicators/{indicator}", {"indicator": "NI-12"}),
    ("GET", "/api/v1/values", None),
]
FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def api_schema(shared_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", shared_app)


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert found == {(method, path) for method, path, _ in OPERATIONS}


@pytest.mark.parametrize("who", ["public", "admin"])
@pytest.mark.parametrize(
    ("method", "path", "ids"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_api_conforms_to_its_schema(
    api_schema: Any,
    tokens: dict[str, str],
    who: str,
    method: str,
    path: str,
    ids: dict[str, str] | None,
) -> None:
    operation = api_schema[path][method]
    headers = {} if who == "public" else {"Authorization": f"Bearer {tokens[who]}"}
    cases = [operation.as_strategy(mode) for mode in GenerationMode]
    if ids:
        cases.append(operation.as_strategy(path_parameters=ids))

    @FUZZ
    @given(case=st.one_of(cases))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
