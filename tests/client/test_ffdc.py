"""FFDC answers → exceptions (egeria-wire.md §1.3, §1.5): the one raise_for_status-like step.

Bodies are the shapes Egeria 6.x and 5.x send; the same bodies over real HTTP
are covered in test_platform.py.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.client import error_from_ffdc, raise_for_ffdc

URL = "https://egeria.example:9443/open-metadata/admin-services/servers/daemon1/integration-groups/configuration"
V6 = "org.odpi.openmetadata.frameworks.openmetadata.ffdc."
V5 = "org.odpi.openmetadata.adminservices.ffdc.exception."

# egeria-wire.md §1.3, second example: configure-one without a qualified name.
INVALID_PARAMETER_6X: dict[str, Any] = {
    "class": "VoidResponse",
    "requestId": "5e1d0f8a-9a55-4c5e-b1a7-6f3f6f7d2c11",
    "relatedHTTPCode": 400,
    "exceptionClassName": V6 + "InvalidParameterException",
    "exceptionSubclassName": V6 + "InvalidParameterException",
    "actionDescription": "configureIntegrationGroup",
    "exceptionErrorMessage": "OMAG-ADMIN-400-032 The integrationGroupConfig.integrationGroupQualifiedName "
    "property is missing from the integration group configuration for server daemon1",
    "exceptionErrorMessageId": "OMAG-ADMIN-400-032",
    "exceptionErrorMessageParameters": ["daemon1", "integrationGroupConfig.integrationGroupQualifiedName"],
    "exceptionSystemAction": "The system is unable to add this integration group to the server's configuration",
    "exceptionUserAction": "Add the qualified name of the integration group and retry the request",
    "exceptionProperties": {"parameterName": "integrationGroupConfig.integrationGroupQualifiedName"},
}


def _failure(exception_class: str, message_id: str, code: int = 400, **extra: Any) -> dict[str, Any]:
    body = {
        "class": "VoidResponse",
        "relatedHTTPCode": code,
        "exceptionClassName": exception_class,
        "actionDescription": "someAction",
        "exceptionErrorMessage": f"{message_id} Something went wrong for server daemon1",
        "exceptionErrorMessageId": message_id,
        "exceptionErrorMessageParameters": ["daemon1"],
        "exceptionSystemAction": "The request was not processed.",
        "exceptionUserAction": "Correct the request and retry.",
    }
    body.update(extra)
    return body


def _raised(http_status: int, body: Any, method: str = "POST") -> enb.EgeriaError:
    with pytest.raises(enb.EgeriaError) as info:
        raise_for_ffdc(http_status, body, method=method, url=URL)
    return info.value


def test_6x_invalid_parameter_keeps_every_ffdc_field() -> None:
    error = _raised(200, INVALID_PARAMETER_6X)
    assert type(error) is enb.InvalidParameterError
    assert error.message_id == "OMAG-ADMIN-400-032"
    assert error.http_code == 400
    assert error.message == INVALID_PARAMETER_6X["exceptionErrorMessage"]
    assert error.system_action == INVALID_PARAMETER_6X["exceptionSystemAction"]
    assert error.user_action == INVALID_PARAMETER_6X["exceptionUserAction"]
    assert error.parameters == ["daemon1", "integrationGroupConfig.integrationGroupQualifiedName"]
    assert error.properties == {"parameterName": "integrationGroupConfig.integrationGroupQualifiedName"}
    assert error.exception_class_name == V6 + "InvalidParameterException"
    assert error.action_description == "configureIntegrationGroup"


def test_error_from_ffdc_builds_without_raising() -> None:
    error = error_from_ffdc(INVALID_PARAMETER_6X, http_status=200)
    assert isinstance(error, enb.InvalidParameterError)
    assert error.message_id == "OMAG-ADMIN-400-032"


def test_server_not_running_is_server_not_known() -> None:
    body = _failure(V6 + "InvalidParameterException", "OMAG-MULTI-TENANT-404-001", code=404)
    error = _raised(200, body)
    assert type(error) is enb.ServerNotKnownError
    assert isinstance(error, enb.InvalidParameterError)  # callers catching the parent still see it
    assert error.http_code == 404


@pytest.mark.parametrize(
    ("exception_class", "message_id", "code", "expected"),
    [
        (V6 + "UserNotAuthorizedException", "OMAG-ADMIN-403-001", 403, enb.NotAuthorizedError),
        # 6.x token without a user name: HTTP code field 400, but an authorization failure (§1.5).
        (V6 + "UserNotAuthorizedException", "TOKEN-CONTROLLER-401-001", 400, enb.NotAuthorizedError),
        (V5 + "OMAGNotAuthorizedException", "OMAG-ADMIN-400-004", 400, enb.NotAuthorizedError),
        (V6 + "PropertyServerException", "OMAG-COMMON-400-016", 400, enb.PropertyServerError),
        (V5 + "OMAGConfigurationErrorException", "OMAG-ADMIN-500-001", 500, enb.PropertyServerError),
        (V5 + "OMAGInvalidParameterException", "OMAG-ADMIN-400-039", 400, enb.InvalidParameterError),
    ],
)
def test_exception_class_decides(exception_class: str, message_id: str, code: int, expected: type) -> None:
    error = _raised(200, _failure(exception_class, message_id, code))
    assert type(error) is expected
    assert error.message_id == message_id
    assert error.http_code == code


def test_5x_invalid_parameter_without_request_id_or_properties() -> None:
    body = _failure(V5 + "OMAGInvalidParameterException", "OMAG-ADMIN-400-032")
    assert "requestId" not in body and "exceptionProperties" not in body
    error = _raised(200, body)
    assert type(error) is enb.InvalidParameterError
    assert error.properties == {}
    assert error.parameters == ["daemon1"]


def test_jackson_parse_failure_with_http_400() -> None:
    # 6.0+: JacksonExceptionHandler answers malformed JSON with HTTP 400 and an FFDC body (§1.5).
    body = {
        "class": "FFDCResponseBase",
        "relatedHTTPCode": 400,
        "exceptionClassName": "com.fasterxml.jackson.core.JsonParseException",
        "exceptionErrorMessage": "Unexpected character ('}' (code 125))",
    }
    error = _raised(400, body)
    assert type(error) is enb.InvalidParameterError
    assert "Unexpected character" in str(error)


def test_unknown_exception_class_falls_back_on_the_code() -> None:
    assert type(_raised(200, _failure("com.example.OddException", "X-404-001", 404))) is enb.ServerNotKnownError
    assert type(_raised(200, _failure("com.example.OddException", "X-401-001", 401))) is enb.NotAuthorizedError
    assert type(_raised(200, _failure("com.example.OddException", "X-409-001", 409))) is enb.InvalidParameterError
    assert type(_raised(200, _failure("com.example.OddException", "X-500-001", 500))) is enb.PropertyServerError


def test_failure_without_any_details_still_says_something() -> None:
    error = _raised(200, {"class": "VoidResponse", "relatedHTTPCode": 500})
    assert type(error) is enb.PropertyServerError
    assert error.message and error.message_id is None


def test_success_claim_with_failing_http_status_uses_the_status() -> None:
    # A filter in front of Egeria refused the call after the body was built.
    error = _raised(401, {"class": "VoidResponse", "relatedHTTPCode": 200})
    assert type(error) is enb.NotAuthorizedError
    assert error.http_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"class": "VoidResponse", "relatedHTTPCode": 200},
        {"class": "VoidResponse", "requestId": "0b6c", "relatedHTTPCode": 200},
        {"class": "IntegrationGroupsResponse", "relatedHTTPCode": 200, "groups": []},
        "token-text",
        [1, 2],
        None,
    ],
)
def test_success_does_not_raise(body: Any) -> None:
    assert raise_for_ffdc(200, body, method="GET", url=URL) is None


@pytest.mark.parametrize("status", [401, 403])
def test_http_401_403_without_body_is_not_authorized(status: int) -> None:
    error = _raised(status, "")
    assert type(error) is enb.NotAuthorizedError
    assert error.message_id == "EGERIA-NB-CLIENT-401-001"
    assert error.http_code == status
    assert URL in error.message
    assert error.user_action and "password" in error.user_action


def test_html_404_points_at_the_api_line() -> None:
    error = _raised(404, "<html><body><h1>Whitelabel Error Page</h1></body></html>", method="GET")
    assert type(error) is enb.UnexpectedResponseError
    assert error.message_id == "EGERIA-NB-CLIENT-404-001"
    assert f"GET {URL}" in error.message
    assert error.user_action is not None and "api='5'" in error.user_action


def test_other_http_failure_without_ffdc_body() -> None:
    error = _raised(502, "<html>Bad Gateway</html>")
    assert type(error) is enb.UnexpectedResponseError
    assert error.message_id == "EGERIA-NB-CLIENT-502-001"
    assert error.http_code == 502
    assert str(error).startswith(
        f"EGERIA-NB-CLIENT-502-001 The platform answered POST {URL} with HTTP 502 and no Egeria error "
        "details: Bad Gateway. The request failed; whether the platform did part of it first is not known. "
        "What to do:"
    )


@pytest.mark.parametrize("status", [400, 405, 413, 414, 415, 431])
def test_4xx_without_ffdc_body_is_the_web_servers_refusal(status: int) -> None:
    """Not CLIENT-400-001 (a bad root URL) and not "is this Egeria?": the web server refused the request."""
    error = _raised(status, "Got more than 8190 bytes when reading: " + "x" * 5_000)
    text = str(error)
    assert type(error) is enb.InvalidParameterError
    assert error.message_id == "EGERIA-NB-CLIENT-400-010"
    assert error.http_code == status
    assert text.startswith(
        f"EGERIA-NB-CLIENT-400-010 The platform's web server refused POST {URL} with HTTP {status} "
        "before any Egeria service read it: Got more than 8190 bytes when reading: xxx"
    )
    assert "… (5,039 characters)" in text and len(text) < 1_000
    assert text.count(f"HTTP {status}") == 1
    assert error.user_action


def test_4xx_html_page_is_shown_as_its_text() -> None:
    page = "<html><head><title>Error</title></head><body><h1>HTTP Status 400 - Bad Request</h1></body></html>"
    error = _raised(400, page)
    assert "before any Egeria service read it: Error HTTP Status 400 - Bad Request." in str(error)
    assert "<" not in error.message


def test_an_over_long_url_is_shortened_in_failure_messages() -> None:
    long_url = URL + "/" + "q" * 10_000
    for status in (401, 404, 400, 500):
        with pytest.raises(enb.EgeriaError) as info:
            raise_for_ffdc(status, "", method="GET", url=long_url)
        assert "q" * 200 not in str(info.value)
        assert f"({len(long_url):,} characters)" in str(info.value)
        assert len(str(info.value)) < 800


def test_http_status_is_said_once_even_when_the_message_names_it() -> None:
    error = enb.NotAuthorizedError(
        "EGERIA-NB-X-401-001 Refused (HTTP 401)", message_id="EGERIA-NB-X-401-001", http_code=401
    )
    assert str(error) == "EGERIA-NB-X-401-001 Refused (HTTP 401)."
    other = enb.NotAuthorizedError("EGERIA-NB-X-401-001 Refused", message_id="EGERIA-NB-X-401-001", http_code=401)
    assert str(other) == "EGERIA-NB-X-401-001 Refused. (HTTP 401)"


def test_str_is_one_paragraph_with_id_once_and_what_to_do() -> None:
    error = _raised(200, INVALID_PARAMETER_6X)
    text = str(error)
    assert "\n" not in text
    assert text.count("OMAG-ADMIN-400-032") == 1
    assert INVALID_PARAMETER_6X["exceptionSystemAction"] in text
    assert "What to do: " + INVALID_PARAMETER_6X["exceptionUserAction"] in text
    assert text.index("OMAG-ADMIN-400-032") < text.index("What to do:")


def test_str_adds_the_id_when_the_message_lacks_it() -> None:
    body = dict(INVALID_PARAMETER_6X, exceptionErrorMessage="The qualified name is missing")
    text = str(_raised(200, body))
    assert text.startswith("OMAG-ADMIN-400-032 The qualified name is missing.")
    assert text.count("OMAG-ADMIN-400-032") == 1


def test_str_stays_one_paragraph_when_egeria_substitutes_line_breaks() -> None:
    # OMAG-COMMON-400-016 embeds the nested exception's message, which may span lines.
    body = _failure(
        V6 + "PropertyServerException",
        "OMAG-COMMON-400-016",
        exceptionErrorMessage="OMAG-COMMON-400-016 An unexpected NullPointerException was returned:\n"
        '  Cannot invoke "String.equals(Object)"\r\n  because name is null',
        exceptionSystemAction="The system is unable to process the request.\n",
    )
    error = _raised(200, body)
    assert "\n" not in str(error) and "\r" not in str(error)
    assert '"String.equals(Object)" because name is null' in str(error)
    assert "\n" in error.message  # the field itself keeps Egeria's text


@pytest.mark.parametrize(
    "body",
    [
        INVALID_PARAMETER_6X,
        _failure(V6 + "InvalidParameterException", "OMAG-MULTI-TENANT-404-001", code=404),
        _failure(V6 + "UserNotAuthorizedException", "OMAG-ADMIN-403-001", code=403),
        _failure(V5 + "OMAGConfigurationErrorException", "OMAG-ADMIN-500-001", code=500),
    ],
)
def test_errors_pickle_with_all_fields(body: dict[str, Any]) -> None:
    error = error_from_ffdc(copy.deepcopy(body), http_status=200)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert vars(back) == vars(error)
    assert str(back) == str(error)
    assert back.args == error.args


def test_client_side_errors_pickle_too() -> None:
    error = enb.PlatformTimeoutError(
        "EGERIA-NB-CLIENT-504-001 No answer", message_id="EGERIA-NB-CLIENT-504-001", user_action="Wait."
    )
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is enb.PlatformTimeoutError
    assert (back.message, back.message_id, back.user_action) == (error.message, error.message_id, error.user_action)
