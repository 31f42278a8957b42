# thidua: multi-stage build, small non-root runtime image.
# SQLite and libpq are compiled from source by their crates (`bundled`);
# libpq's TLS links OpenSSL, hence libssl-dev here and libssl3 at run time.

FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
RUN cargo build --release --locked --bin thidua

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/thidua --create-home thidua
COPY --from=build /src/target/release/thidua /usr/local/bin/thidua
USER thidua
WORKDIR /var/lib/thidua
ENV THIDUA_BIND=0.0.0.0:8080 \
    THIDUA_DATA_DIR=/var/lib/thidua \
    THIDUA_LOG_FORMAT=json
EXPOSE 8080
VOLUME ["/var/lib/thidua"]
# SIGTERM drains in-flight requests (THIDUA_SHUTDOWN_TIMEOUT_SECS, 30 s by default).
STOPSIGNAL SIGTERM
ENTRYPOINT ["thidua"]
CMD ["serve"]
