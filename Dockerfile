# syntax=docker/dockerfile:1
# lambdasec in a container: a static binary (CGO off) on distroless's static
# base (CA certificates for AWS, time zone data, nothing else: no shell, no
# package manager), run as the image's non-root user (65532).
#
#   docker build -t lambdasec .
#   docker run --rm -v "$PWD:/src:ro" lambdasec scan .
#   docker run --rm -v "$PWD:/src" lambdasec scan --format sarif -o lambdasec.sarif .
#
# The working directory is /src; mount what to scan there (writable to write
# reports into it). For a live account pass the AWS_* variables with -e.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# VERSION is printed by `lambdasec version`; empty: the module's version.
ARG VERSION=""
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/lambdasec ./cmd/lambdasec

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/lambdasec /usr/local/bin/lambdasec
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/lambdasec"]
CMD ["scan", "."]
