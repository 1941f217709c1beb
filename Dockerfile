# syntax=docker/dockerfile:1
#
# ResNeXt.Service image: the HTTP service (ResNeXt.Api) plus the `resnext` CLI, so an init container or a job can
# run `resnext download MODEL --dir /models` with the same bits that serve.
#
#   docker build -t resnext-service:cpu .
#   docker build -t resnext-service:cuda --build-arg TORCH_BACKEND=cuda .
#
# Both stages are Ubuntu 24.04 (the .NET 10 default). Its libstdc++ (GCC 14) already provides GLIBCXX_3.4.32, which
# TorchSharp 0.107's native glue asks for, so build/TorchSharpNativeRuntime.targets leaves the library untouched here
# and the image needs no native workaround.
#
# CUDA variant: two GPU stacks, one per backend. TorchSharp-cuda-linux brings libtorch with the CUDA 12 runtime,
# cuBLAS and cuDNN it was built with (the torchsharp backend, training). Microsoft.ML.OnnxRuntime.Gpu.Linux (the default
# onnxruntime backend) is a CUDA 13 + cuDNN 9 build that ships neither, so the runtime-cuda stage installs them from
# NVIDIA's apt repository. The host must provide an NVIDIA driver recent enough for CUDA 13 and the NVIDIA Container
# Toolkit (`docker run --gpus all`, or the `nvidia.com/gpu` resource on Kubernetes). Expect a multi-gigabyte image.
#
# Base images use the 10.0 patch-following tags so rebuilds pick up security fixes; for byte-reproducible builds
# append the digest (`...:10.0-noble@sha256:...`).

ARG TORCH_BACKEND=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_BACKEND
WORKDIR /src

# Fail early and clearly: any other value would silently restore no native libtorch at all.
RUN case "${TORCH_BACKEND}" in cpu|cuda) ;; *) echo "TORCH_BACKEND must be cpu or cuda, not '${TORCH_BACKEND}'" >&2; exit 1 ;; esac

COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/ src/

# The NuGet cache lives in a BuildKit cache mount instead of a restore layer keyed on copied .csproj files: libtorch is
# hundreds of MiB (GiB for CUDA) and is then downloaded once per builder, whatever projects src/ gains later.
# Both apps publish into one folder: they share ResNeXt.Inference, TorchSharp and libtorch, and central package
# versions with transitive pinning make every shared file identical, so libtorch is stored once. Each app keeps its
# own .deps.json and .runtimeconfig.json, which is all `dotnet <app>.dll` needs to tell them apart.
# -r linux-x64: only this platform's native libraries (libtorch, libonnxruntime), beside the assemblies where the loader
# finds them. IsTransformWebConfigDisabled: the IIS web.config the Web SDK would add means nothing on Linux.
RUN --mount=type=cache,id=resnext-nuget,target=/root/.nuget/packages \
    dotnet publish src/Api/ResNeXt.Api.csproj -c Release -r linux-x64 --self-contained false -p:TorchBackend="${TORCH_BACKEND}" -p:IsTransformWebConfigDisabled=true -o /app \
 && dotnet publish src/Cli/ResNeXt.Cli.csproj -c Release -r linux-x64 --self-contained false -p:TorchBackend="${TORCH_BACKEND}" -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
ARG TORCH_BACKEND

# The aspnet image has no HTTP client and the HEALTHCHECK must speak HTTP to /healthz/live (a TCP connect would pass
# while the app answers 500). libturbojpeg decodes JPEGs exactly as Pillow/OpenCV do (libjpeg-turbo defaults); without
# it the service decodes the same pixels with the managed LibJpeg.NET decoder, only more slowly; libdeflate0 likewise
# speeds up PNGs (ImageSharp decodes them without it). Package versions are not pinned: Ubuntu drops superseded versions from its archive, so a
# pin breaks the build at the next security update instead of making it reproducible; pin the base image digest instead.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libturbojpeg libdeflate0 \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /app /app

# /models is the mount point for checkpoints (read-only for the service; writable only for `resnext download` or
# Models__AutoDownload). It is created here so an unmounted run still has a folder owned by the non-root user.
# The wrapper makes `resnext` a plain command for init containers: `resnext download resnext50-32x4d --dir /models`;
# its "$@" is meant for the wrapper, not for this shell, hence the single quotes.
# hadolint ignore=SC2016
RUN mkdir -p /models \
 && chown "${APP_UID}" /models \
 && printf '#!/bin/sh\nexec dotnet /app/resnext.dll "$@"\n' > /usr/local/bin/resnext \
 && chmod 0755 /usr/local/bin/resnext

# ASPNETCORE_HTTP_PORTS is cleared because the aspnet image sets it to 8080 and Kestrel warns when it and
# ASPNETCORE_URLS are both set; ASPNETCORE_URLS is the one setting operators override.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    OpenInference__GrpcUrl=http://+:8081 \
    Models__Directory=/models \
    Models__AutoDownload=false

LABEL org.opencontainers.image.title="resnext-service" \
      org.opencontainers.image.description="mmpretrain ResNeXt ImageNet classifiers served over HTTP (ONNX Runtime or TorchSharp)" \
      io.resnext.torch-backend="${TORCH_BACKEND}"

# APP_UID (1654) is the non-root "app" user the .NET images ship; numeric so runAsNonRoot can verify it.
USER ${APP_UID}
WORKDIR /app
# 8080: HTTP/1.1 (/v1, /v2 REST, probes, metrics); 8081: the Open Inference Protocol over gRPC (HTTP/2 without TLS).
EXPOSE 8080 8081

# Liveness, not readiness: a replica that is still loading a model is alive and must not be restarted. The start
# period covers the process start; after it, three misses in a row mark the container unhealthy.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "2", "--output", "/dev/null", "http://127.0.0.1:8080/healthz/live"]

ENTRYPOINT ["dotnet", "/app/ResNeXt.Api.dll"]

FROM runtime AS runtime-cpu

# Only the CUDA image asks the NVIDIA Container Toolkit for the driver's compute libraries and GPUs. Setting these in
# the CPU image would, on nodes whose default container runtime is nvidia, hand it every GPU behind the scheduler's back.
# Models__Device makes the GPU the default where the GPU build is the only reason to run this image.
FROM runtime AS runtime-cuda
USER root
# What ONNX Runtime's CUDA execution provider loads from the system: the CUDA 13 runtime, cuBLAS, cuFFT, cuRAND and
# cuDNN 9 (libtorch's CUDA 12 copies are another major version and cannot stand in).
# hadolint ignore=DL3008
RUN curl --fail --silent --show-error --location --output /tmp/cuda-keyring.deb \
        https://developer.download.nvidia.com/compute/cuda/repos/ubuntu2404/x86_64/cuda-keyring_1.1-1_all.deb \
 && dpkg -i /tmp/cuda-keyring.deb \
 && rm /tmp/cuda-keyring.deb \
 && apt-get update \
 && apt-get install -y --no-install-recommends cuda-cudart-13-0 libcublas-13-0 libcufft-13-0 libcurand-13-0 libcudnn9-cuda-13 \
 && rm -rf /var/lib/apt/lists/*
USER ${APP_UID}
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Models__Device=cuda

FROM runtime-${TORCH_BACKEND} AS final
