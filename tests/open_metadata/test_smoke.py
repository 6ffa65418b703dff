"""One create-get round trip on each base: the fixtures and both bases work."""

from tests.open_metadata.conftest import Api, plain, unique


def test_create_and_get(api: Api) -> None:
    name = unique("File")
    guid = api.create("DataFile", name, values={"pathName": "/data/a.csv"})
    element = api.get(guid)
    assert element["elementGUID"] == guid
    assert element["type"]["typeName"] == "DataFile"
    assert plain(element["elementProperties"]) == {"qualifiedName": name, "pathName": "/data/a.csv"}
    assert element["versions"]["createdBy"] == api.user
