#!/usr/bin/env bash
# Starts the inference service on http://127.0.0.1:8080 (Swagger UI at /swagger, demo page at /).
# Checkpoints are read from ./models (see README: `resnext download`). Any setting can be overridden with
# environment variables, e.g. Models__Preload__0=resnext50-32x4d ./run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# dotnet run starts the service in src/Api (its content root, for wwwroot and appsettings.json), so the checkpoint
# folder is made absolute here: ./models is the repository's, as the README says.
export Models__Directory="${Models__Directory:-$PWD/models}"
exec dotnet run --project src/Api -c Release -- "$@"
