# The two commands that matter: `make run` starts a working cluster, `make test` runs every
# test. Both install what they need first.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: all prerequisites build release test run bench protos clean

all: build

prerequisites:
	@scripts/install-prerequisites

build: prerequisites
	$(SWIFT) build

# At most 3 tests at a time: the integration tests start real clusters (masters, agents,
# frameworks, ZooKeeper, a browser), and unbounded on 2 cores they starved each other's
# timeouts (acknowledgements slower than the agent's retry, health checks timing out).
TEST_WIDTH ?= 3

test: prerequisites
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --experimental-maximum-parallelization-width $(TEST_WIDTH)

# Release binaries with the Swift runtime linked in: executors start in ~1 ms instead of
# paying for dynamic loading of the runtime on every task.
RELEASE := $(SWIFT) build -c release --static-swift-stdlib

release: prerequisites
	$(RELEASE) --product agora
	$(RELEASE) --product agora-executor
	$(RELEASE) --product agora-example-shell

run: release
	.build/release/agora dev $(ARGS)

bench: release
	$(RELEASE) --product agora-bench
	.build/release/agora-bench allocator --agents 10000 --frameworks 1000 --rounds 5
	.build/release/agora-bench allocator --agents 10000 --frameworks 3000 --rounds 5
	.build/release/agora-bench allocator --quota --agents 3000 --rounds 5
	.build/release/agora-bench launch --tasks 1000
	.build/release/agora-bench failover --masters 3 --tasks 100
	.build/release/agora-bench apps --instances 500
	.build/release/agora-bench jobs --jobs 200 --seconds 60

protos:
	scripts/generate-protos

clean:
	rm -rf .build
