# tests/matrix.mk: the machine and fault matrices (QEMU boots of the test kernel under every
# machine the loader claims, and every fault it must report), plus bad input to mkdisk and zcat.
# make test-matrix        the fast part (about 5 minutes on 2 cores under TCG)
# make test-matrix-full   every case, slow ones included
MATRIX_SUITES := tests/matrix/test_tools.py tests/matrix/test_machines.py tests/matrix/test_faults.py
MATRIX_PYTEST := tests/matrix/test_handoff_faults.py   # pytest suites (the others move there too)
MATRIX_JOBS   ?= 2
MATRIX_DEPS   := $(B)/mkdisk $(B)/zcat $(B)/testkernel.elf $(B)/disk.img $(ABI_PY)
# pytest suites (tests/matrix/test_loader_bounds.py: the loader sector count and the loader head),
# run by the system's python3, where Debian's pytest package is.
MATRIX_PYTEST := tests/matrix/test_loader_bounds.py
PYTEST_PYTHON ?= /usr/bin/python3

# Every suite runs even when an earlier one failed; the target fails if any did.
define run_matrix
	@st=0; for s in $(MATRIX_SUITES); do BUILD=$(B) $(PYTHON) $$s --jobs $(MATRIX_JOBS) $(1) || st=1; done; \
	BUILD=$(B) PYTHONPATH=tests:tests/lib $(PYTEST_PYTHON) -m pytest -p no:cacheprovider -q $(MATRIX_PYTEST) || st=1; exit $$st
endef

.PHONY: test-matrix test-matrix-full
test-matrix: $(MATRIX_DEPS)
	$(call run_matrix,)

test-matrix-full: $(MATRIX_DEPS)
	$(call run_matrix,--full)

TEST_TARGETS += test-matrix
test-full: test test-matrix-full
