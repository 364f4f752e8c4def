# The two commands that matter: `make run` starts a working cluster, `make test` runs every
# test. Both install what they need first.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: all prerequisites build test run bench protos clean

all: build

prerequisites:
	@scripts/install-prerequisites

build: prerequisites
	$(SWIFT) build

test: prerequisites
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

run: prerequisites
	$(SWIFT) build -c release --product agora
	.build/release/agora dev $(ARGS)

bench: prerequisites
	$(SWIFT) build -c release --product agora-bench
	.build/release/agora-bench allocator --agents 10000 --frameworks 1000 --rounds 5
	.build/release/agora-bench allocator --agents 10000 --frameworks 3000 --rounds 5
	.build/release/agora-bench allocator --quota --agents 3000 --rounds 5

protos:
	scripts/generate-protos

clean:
	rm -rf .build
