"""The role claim read as Vårdpeng roles (accounts/roles.py; the mapping the README documents)."""

from accounts.roles import GrantedRole, claim_value, role_from_claim


def test_admin_wins_over_analyst_and_viewer():
    assert role_from_claim(["vardpeng:viewer", "vardpeng:analyst:AC", "vardpeng:admin"]) == GrantedRole("admin")


def test_analyst_values_give_their_regions_and_win_over_viewer():
    granted = role_from_claim(["vardpeng:viewer", "vardpeng:analyst:AC", "vardpeng:analyst:t", "vardpeng:analyst:"])

    assert granted == GrantedRole("analyst", frozenset({"AC", "T"}))


def test_a_region_code_that_cannot_be_one_grants_nothing():
    assert role_from_claim(["vardpeng:analyst:AC1", "vardpeng:analyst:ABCDE"]) is None


def test_values_vardpeng_does_not_know_grant_nothing():
    assert role_from_claim(["admin", "Vardpeng:Admin", "vardpeng:administrator", "other:vardpeng:admin"]) is None
    assert role_from_claim(None) is None
    assert role_from_claim({"vardpeng:admin": True}) is None


def test_a_claim_as_one_string_is_split_on_spaces_and_commas():
    assert role_from_claim("vardpeng:analyst:AC, vardpeng:analyst:U") == GrantedRole("analyst", frozenset({"AC", "U"}))
    assert role_from_claim("openid vardpeng:viewer") == GrantedRole("viewer")


def test_a_dotted_claim_name_reaches_into_nested_claims_unless_the_dotted_name_is_a_claim():
    keycloak = {"realm_access": {"roles": ["vardpeng:viewer"]}}
    uri_named = {"http://schemas.example/claims/role": ["vardpeng:admin"]}

    assert claim_value(keycloak, "realm_access.roles") == ["vardpeng:viewer"]
    assert claim_value(uri_named, "http://schemas.example/claims/role") == ["vardpeng:admin"]
    assert claim_value(keycloak, "realm_access.groups") is None
    assert claim_value({"roles": "x"}, "roles.inner") is None
