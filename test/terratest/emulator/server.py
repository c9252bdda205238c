"""The e2e suite's AWS emulator: moto's server, with the few corrections that
make it answer as AWS does for the calls hashicorp/aws 5.100 makes. Each one
is listed in docs/testing.md's emulator table and probed by gaps_test.go."""
import json
import os
import re
import sys
import threading
import time

import moto.emrserverless.models as emr_models
import moto.lakeformation.models as lf_models
from moto.lakeformation.exceptions import InvalidInput
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.glue.responses import GlueResponse
from moto.server import main
from moto.stepfunctions.responses import StepFunctionResponse

# AWS creates an application in CREATED and starts it on the first job;
# moto starts it at once, so the provider's create waiter never finishes.
emr_models.APPLICATION_STATUS = "CREATED"

# AWS reads an omitted CatalogId as the caller's account. The provider grants
# without one and revokes with one; moto compares them literally, so no grant
# could be revoked and every destroy would fail.
_permission_init = lf_models.Permission.__init__


def _permission_init_in_own_catalog(self, principal, resource, permissions, permissions_with_grant_options):
    resource = {kind: {k: v for k, v in spec.items() if k != "CatalogId"} if isinstance(spec, dict) else spec
                for kind, spec in (resource or {}).items()}
    _permission_init(self, principal, resource, permissions, permissions_with_grant_options)


lf_models.Permission.__init__ = _permission_init_in_own_catalog

# AWS answers a revoke of permissions the grantee does not hold with
# InvalidInputException "No permissions revoked. Grantee has no ..."; the
# provider repeats its revoke until it sees that answer. moto answers {}.
_revoke = lf_models.LakeFormationBackend.revoke_permissions


def _revoke_or_say_none_held(self, catalog_id, principal, resource, permissions_to_revoke, permissions_with_grant_options_to_revoke):
    wanted = lf_models.Permission(principal, resource, [], [])
    held = [p for p in getattr(self.grants.get(catalog_id), "permissions", [])
            if p.equal_principal_and_resouce(wanted) and set(p.permissions) & set(permissions_to_revoke or [])]
    if not held:
        raise InvalidInput(f"No permissions revoked. Grantee has no {permissions_to_revoke} permission on the resource.")
    _revoke(self, catalog_id, principal, resource, permissions_to_revoke, permissions_with_grant_options_to_revoke)


lf_models.LakeFormationBackend.revoke_permissions = _revoke_or_say_none_held


def validate_state_machine_definition(self):
    """CreateStateMachine is preceded by this call; moto lacks it. The
    structural checks here are the ones a typo breaks; Jest runs asl-validator
    and aws-local-stepfunctions on the same definitions."""
    problems = []
    try:
        definition = json.loads(self._get_param("definition"))
        states = definition.get("States", {})
        if definition.get("StartAt") not in states:
            problems.append("StartAt names no state")
        for name, state in states.items():
            for key in ("Next", "Default"):
                if key in state and state[key] not in states:
                    problems.append(f"{name}.{key} names no state")
    except (TypeError, ValueError, AttributeError) as err:
        problems.append(f"not a JSON object: {err}")
    return ActionResult({
        "result": "FAIL" if problems else "OK",
        "diagnostics": [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": p} for p in problems],
    })


def list_state_machine_versions(self):
    """Read after every create; moto keeps versions but does not list them."""
    machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    newest_first = sorted(machine.versions.values(), key=lambda v: -v.version)
    return ActionResult({"stateMachineVersions": [
        {"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in newest_first]})


# The definition fields UpdateJob's JobUpdate carries, as the job keeps them.
_JOB_FIELDS = ("Description", "LogUri", "Role", "ExecutionProperty", "Command", "DefaultArguments",
               "NonOverridableArguments", "Connections", "MaxRetries", "AllocatedCapacity", "Timeout", "MaxCapacity",
               "SecurityConfiguration", "NotificationProperty", "GlueVersion", "NumberOfWorkers", "WorkerType",
               "CodeGenConfigurationNodes", "ExecutionClass", "SourceControlDetails")
_JOB_DEFAULTS = {"ExecutionProperty": {}, "DefaultArguments": {}, "ExecutionClass": "STANDARD"}


def update_job(self):
    """Glue UpdateJob, which moto lacks (500): as AWS documents it, JobUpdate overwrites the whole
    definition, so a field it leaves out goes back to its default. An upgrade that changes a job calls it."""
    job = self.glue_backend.get_job(self._get_param("JobName"))
    update = self._get_param("JobUpdate") or {}
    for field in _JOB_FIELDS:
        setattr(job, re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower(), update.get(field, _JOB_DEFAULTS.get(field)))
    job.last_modified_on = utcnow()
    return ActionResult({"JobName": job.name})


GlueResponse.update_job = update_job
StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = list_state_machine_versions

def exit_with_parent():
    """The test stops the server in its cleanup, which a killed test never
    runs: the server, in its own process group, stops when its parent is gone.
    The parent names itself in LAKEGEN_EMULATOR_PARENT, so a parent that dies
    while moto is still importing is noticed too."""
    parent = int(os.environ.get("LAKEGEN_EMULATOR_PARENT") or os.getppid())

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


if __name__ == "__main__":
    exit_with_parent()
    main(sys.argv[1:])
