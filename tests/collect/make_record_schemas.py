#!/usr/bin/env python3
"""Writes manifests/schemas/records/<type>.schema.json (JSON Schema draft 2020-12), one per record
type the Heroku plugin emits. Each schema states what the plugin guarantees about a record's data:
the fields it keeps from Heroku (named as in the Platform API), the references it adds so a record
stands alone, and the secret fields that are never present. Heroku may add fields: objects stay open
(additionalProperties true) except the collection summary, whose shape is the plugin's own.
Run: make_record_schemas.py <repo root>
"""
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "manifests", "schemas", "records")

REF = {"type": "object", "required": ["id", "name"],
       "properties": {"id": {"type": "string"}, "name": {"type": ["string", "null"]}}}
STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}
NBOOL = {"type": ["boolean", "null"]}
INT = {"type": "integer"}
TIME = {"type": "string", "format": "date-time"}
NTIME = {"type": ["string", "null"], "format": "date-time"}


def absent(*fields):
    return {"not": {"anyOf": [{"required": [f]} for f in fields]}}


def schema(name, description, key, required, properties, never=(), closed=False, per_app=False):
    props = dict(properties)
    req = list(required)
    if per_app:
        props.setdefault("app", {"$ref": "#/$defs/ref", "description": "the app (id and name)"})
        props.setdefault("team", {"$ref": "#/$defs/ref",
                                  "description": "the app's team; absent for personal apps"})
        req = ["app"] + req
    s = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://iru.example/schemas/records/" + name + ".schema.json",
        "title": name,
        "description": description + " Record key: " + key + ".",
        "type": "object",
        "required": req,
        "properties": props,
        "additionalProperties": not closed,
        "$defs": {"ref": REF},
    }
    if never:
        s["allOf"] = [absent(*never)]
    with open(os.path.join(OUT, name + ".schema.json"), "w") as f:
        json.dump(s, f, indent=2)
        f.write("\n")


R = {"$ref": "#/$defs/ref"}


def main():
    os.makedirs(OUT, exist_ok=True)
    schema("heroku.account", "The token's user, from GET /account.", "the account id",
           ["id", "email"],
           {"id": STR, "email": STR, "two_factor_authentication": BOOL, "federated": NBOOL,
            "last_login": NTIME, "suspended_at": NTIME, "identity_provider": {"type": ["object", "null"]}})
    schema("heroku.team", "A team of the token's user, from GET /teams, with /teams/{t}/preferences.",
           "the team id", ["id", "name"],
           {"id": STR, "name": STR, "role": NSTR, "type": NSTR,
            "enterprise_account": {"type": ["object", "null"]},
            "preferences": {"type": "object", "description": "GET /teams/{t}/preferences"}})
    schema("heroku.team_member", "A member of a team, from GET /teams/{t}/members.",
           "<team id>/<user id>", ["team", "role", "user"],
           {"team": R, "role": NSTR, "email": STR, "two_factor_authentication": NBOOL,
            "federated": NBOOL, "identity_provider": {"type": ["object", "null"]},
            "user": {"type": "object", "required": ["id"], "properties": {"id": STR}}})
    schema("heroku.team_invitation", "A pending invitation to a team, from GET /teams/{t}/invitations.",
           "<team id>/<invitation id>", ["id", "team"],
           {"id": STR, "team": R, "role": NSTR, "user": {"type": "object"},
            "invited_by": {"type": "object"}})
    schema("heroku.enterprise_account", "An enterprise account, from GET /enterprise-accounts.",
           "the enterprise account id", ["id", "name"],
           {"id": STR, "name": STR, "permissions": {"type": "array", "items": STR},
            "identity_provider": {"type": ["object", "null"]}})
    schema("heroku.enterprise_member", "A member of an enterprise account, from "
           "GET /enterprise-accounts/{ea}/members.", "<enterprise account id>/<member id>",
           ["id", "enterprise_account", "user"],
           {"id": STR, "enterprise_account": R, "user": {"type": "object"},
            "permissions": {"type": "array"}, "two_factor_authentication": NBOOL})
    schema("heroku.app", "An app: the union of GET /apps and GET /teams/{t}/apps (joined, locked).",
           "the app id", ["id", "name"],
           {"id": STR, "name": STR, "acm": BOOL, "maintenance": BOOL, "internal_routing": NBOOL,
            "stack": {"type": ["object", "null"]}, "region": {"type": ["object", "null"]},
            "space": {"type": ["object", "null"]}, "owner": {"type": ["object", "null"]},
            "team": {"type": ["object", "null"], "description": "id and name for team apps"},
            "joined": BOOL, "locked": BOOL})
    schema("heroku.app_access", "One user's access to one app: from GET /teams/{t}/permissions where "
           "the token's user is a team admin (source team_permissions), otherwise from "
           "GET /apps/{a}/collaborators or GET /teams/apps/{a}/collaborators (source collaborators).",
           "<app id>/<user id>", ["user", "permissions", "source"],
           {"user": {"type": "object", "required": ["id"], "properties": {"id": STR}},
            "role": NSTR, "permissions": {"type": "array", "items": STR,
                                          "description": "permission names, sorted"},
            "source": {"enum": ["team_permissions", "collaborators"]}}, per_app=True)
    schema("heroku.formation", "A process type's formation, from GET /apps/{a}/formation.",
           "<app id>/<formation id>", ["id", "type"],
           {"id": STR, "type": STR, "quantity": INT, "size": NSTR, "command": NSTR}, per_app=True)
    schema("heroku.dyno", "A dyno, from GET /apps/{a}/dynos. attach_url is removed.",
           "<app id>/<dyno id>", ["id"],
           {"id": STR, "name": NSTR, "type": NSTR, "size": NSTR, "state": NSTR,
            "release": {"type": ["object", "null"]}}, never=["attach_url"], per_app=True)
    schema("heroku.config_vars", "The names of an app's config vars, sorted, from "
           "GET /apps/{a}/config-vars. Values never leave the plugin.", "the app id", ["names"],
           {"names": {"type": "array", "items": STR}}, per_app=True, closed=True)
    schema("heroku.addon", "An add-on, from GET /addons.", "the add-on id", ["id"],
           {"id": STR, "name": NSTR, "addon_service": {"type": ["object", "null"]},
            "plan": {"type": ["object", "null"]}, "state": NSTR,
            "billing_entity": {"type": ["object", "null"]},
            "config_vars": {"type": "array", "items": STR}, "app": R, "team": R})
    schema("heroku.addon_attachment", "An add-on attachment, from GET /addon-attachments. "
           "log_input_url is removed.", "the attachment id", ["id"],
           {"id": STR, "name": NSTR, "addon": {"type": ["object", "null"]}, "app": R, "team": R},
           never=["log_input_url"])
    schema("heroku.pipeline", "A pipeline, from GET /pipelines.", "the pipeline id", ["id", "name"],
           {"id": STR, "name": STR, "owner": {"type": ["object", "null"]}, "team": R})
    schema("heroku.pipeline_coupling", "An app's stage in a pipeline, from GET /pipeline-couplings.",
           "the coupling id", ["id", "stage", "app", "pipeline"],
           {"id": STR, "stage": STR, "app": {"type": "object", "required": ["id"]},
            "pipeline": {"type": "object", "required": ["id"]}, "team": R})
    schema("heroku.domain", "A domain, from GET /apps/{a}/domains.", "<app id>/<domain id>",
           ["id", "hostname"],
           {"id": STR, "hostname": STR, "kind": NSTR, "acm_status": NSTR, "cname": NSTR,
            "sni_endpoint": {"type": ["object", "null"]}}, per_app=True)
    schema("heroku.sni_endpoint", "An SNI endpoint (certificate), from GET /apps/{a}/sni-endpoints, "
           "read only for apps whose domains use one.", "<app id>/<endpoint id>", ["id"],
           {"id": STR, "name": NSTR, "ssl_cert": {"type": ["object", "null"]},
            "domains": {"type": "array"}}, per_app=True)
    schema("heroku.log_drain", "A log drain, from GET /apps/{a}/log-drains. The URL has no "
           "user-info, query or fragment.", "<app id>/<drain id>", ["id"],
           {"id": STR, "url": {"type": ["string", "null"], "not": {"pattern": "[?#]|://[^/]*@"}},
            "addon": {"type": ["object", "null"]}}, per_app=True)
    schema("heroku.app_feature", "An app feature, from GET /apps/{a}/features.",
           "<app id>/<feature id>", ["id", "name", "enabled"],
           {"id": STR, "name": STR, "enabled": BOOL, "state": NSTR}, per_app=True)
    schema("heroku.release", "One of the newest releases_per_app releases, from "
           "GET /apps/{a}/releases (order=desc). output_stream_url is removed.",
           "<app id>/<release id>", ["id", "version"],
           {"id": STR, "version": INT, "status": NSTR, "description": NSTR, "current": NBOOL,
            "user": {"type": ["object", "null"]}}, never=["output_stream_url"], per_app=True)
    schema("heroku.buildpack", "A buildpack installation, from GET /apps/{a}/buildpack-installations.",
           "<app id>/<ordinal>", ["ordinal", "buildpack"],
           {"ordinal": INT, "buildpack": {"type": "object"}}, per_app=True)
    schema("heroku.space", "A private space, from GET /spaces.", "the space id", ["id", "name"],
           {"id": STR, "name": STR, "shield": NBOOL, "region": {"type": ["object", "null"]},
            "team": R, "state": NSTR}, never=["pre_shared_key"])
    schema("heroku.token", "The OAuth authorization of the token in use, from "
           "GET /oauth/authorizations. No token, refresh token or grant code value.",
           "the authorization id",
           ["id", "description", "scope", "created_at", "expires_at"],
           {"id": STR, "description": NSTR, "scope": {"type": ["array", "null"]},
            "created_at": NTIME, "updated_at": NTIME,
            "expires_at": dict(NTIME, description="absolute expiry (now + expires_in); null: none"),
            "client": {"type": ["object", "null"]}, "user": {"type": "object"}},
           never=["access_token", "refresh_token", "grant"], closed=True)

    gap = {"type": "object", "required": ["kind", "resource", "reason"], "additionalProperties": False,
           "properties": {"kind": {"enum": ["app_not_visible", "app_vanished", "team_members_denied",
                                            "team_permissions_denied", "team_invitations_denied",
                                            "list_incomplete", "request_failed", "run_time_exceeded",
                                            "cancelled"]},
                          "resource": STR, "app": R, "team": R, "reason": STR}}
    count = {"type": "integer", "minimum": 0}
    schema("heroku.collection_summary", "The last record of every collection: outcome, counts, gaps, "
           "requests, rate limit, account, teams, token expiry.", "\"summary\"",
           ["status", "message", "started_at", "finished_at", "duration_ms", "counts", "gaps",
            "requests", "rate_limit_remaining", "account", "teams", "token", "warnings",
            "missing_apps_hint"],
           {"status": {"enum": ["ok", "partial", "cancelled", "auth_failed", "permission_denied",
                                "rate_limited", "network", "bad_config", "internal"]},
            "message": STR, "started_at": TIME, "finished_at": TIME, "duration_ms": count,
            "counts": {"type": "object", "additionalProperties": count},
            "gaps": {"type": "array", "items": gap},
            "requests": {"type": "object", "additionalProperties": False,
                         "required": ["total", "pages", "retries", "rate_limited",
                                      "throttled_waits", "duplicate_urls"],
                         "properties": {k: count for k in ["total", "pages", "retries",
                                                           "rate_limited", "throttled_waits",
                                                           "duplicate_urls"]}},
            "rate_limit_remaining": {"type": ["integer", "null"]},
            "account": {"type": ["object", "null"], "additionalProperties": False,
                        "properties": {"id": NSTR, "email": NSTR,
                                       "two_factor_authentication": NBOOL, "federated": NBOOL}},
            "teams": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "name", "role", "app_count"],
                "properties": {"id": STR, "name": STR, "role": STR, "app_count": count}}},
            "token": {"type": "object", "additionalProperties": False,
                      "required": ["matched", "id", "description", "created_at", "expires_at",
                                   "expires_in_days", "warning"],
                      "properties": {"matched": BOOL, "id": NSTR, "description": NSTR,
                                     "created_at": NSTR, "expires_at": NSTR,
                                     "expires_in_days": {"type": ["integer", "null"]},
                                     "warning": NSTR}},
            "warnings": {"type": "array", "items": STR},
            "missing_apps_hint": STR,
            # the generic part a host reads (manifests/schemas/run-summary.schema.json)
            "findings": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["level", "message", "remedy", "count"],
                "properties": {"level": {"enum": ["info", "warn", "error"]}, "message": STR,
                               "remedy": NSTR, "count": {"type": "integer", "minimum": 1}}}}},
           closed=True)


if __name__ == "__main__":
    main()
