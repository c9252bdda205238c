"""The error names the state machines retry and catch, checked against botocore's pinned service models.

Step Functions names an AWS SDK integration's errors <Service>.<Error>, the service as in the ARN in
PascalCase (aws-sdk:ssm gives Ssm), and an optimized integration's with the service's id (Glue, SNS,
EMRServerless); both append Exception where the model's shape name lacks it.
"""
import json
import pathlib

import botocore
import botocore.session
import pytest

CATALOG = json.loads((pathlib.Path(__file__).parent / "task-errors.json").read_text())
SESSION = botocore.session.get_session()


def step_functions_names(task):
    model = SESSION.get_service_model(task["service"])
    if task["integration"] == "aws-sdk":
        prefix = "".join(p[:1].upper() + p[1:] for p in task["service"].split("-"))
    else:
        prefix = model.service_id.replace(" ", "")
    names = set()
    for op in task["operations"]:
        for shape in model.operation_model(op).error_shapes:
            names.add(f"{prefix}.{shape.name}" + ("" if shape.name.endswith("Exception") else "Exception"))
    return names


def test_the_model_is_the_pinned_one():
    assert botocore.__version__ in CATALOG["$comment"]


@pytest.mark.parametrize("group", sorted(CATALOG["tasks"]))
def test_every_name_is_one_the_service_raises(group):
    task = CATALOG["tasks"][group]
    assert set(task["errors"]) == step_functions_names(task)


def test_aws_examples_of_the_naming():
    # AWS's own examples: AcmPca.ResourceNotFoundException and S3.BucketAlreadyExistsException.
    assert step_functions_names({"service": "acm-pca", "integration": "aws-sdk", "operations": ["DescribeCertificateAuthority"]}) >= {"AcmPca.ResourceNotFoundException"}
    assert "Ssm.ThrottlingException" not in step_functions_names(CATALOG["tasks"]["ssm"])
    assert not any("Throttl" in n for n in step_functions_names(CATALOG["tasks"]["emr_job"]))
