#!/usr/bin/env bash
# Starts the inference service on http://127.0.0.1:8080 (Swagger UI at /swagger, demo page at /), and the Open
# Inference Protocol's gRPC endpoint on 127.0.0.1:8081 (HTTP/2 without TLS; OpenInference__GrpcUrl= turns it off).
# Checkpoints are read from ./models; an official one missing there downloads on first use (see README). Any setting can be overridden with
# environment variables, e.g. Models__Preload__0=resnext50-32x4d ./run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# dotnet run starts the service in src/Api (its content root, for wwwroot and appsettings.json), so the checkpoint
# folder is made absolute here: ./models is the repository's, as the README says.
export Models__Directory="${Models__Directory:-$PWD/models}"
# A first curl should get a real prediction: a missing official checkpoint downloads (sha256-verified) on first use.
# Containers and the k8s manifests keep this off: an image should not reach out to the internet by itself.
export Models__AutoDownload="${Models__AutoDownload:-true}"
export OpenInference__GrpcUrl="${OpenInference__GrpcUrl-http://127.0.0.1:8081}"
exec dotnet run --project src/Api -c Release -- "$@"
