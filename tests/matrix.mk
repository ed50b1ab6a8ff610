# tests/matrix.mk: the machine and fault matrices (QEMU boots of the test kernel under every
# machine the loader claims, and every fault it must report), plus zcat's bad input.
MATRIX_JOBS ?= 2
.PHONY: test-matrix test-matrix-full
## test-matrix: the machine and fault matrices without the slow cases (about 3 minutes on 2 cores)
test-matrix: $$(PYTEST_DEPS)
	$(call pytest,tests/matrix,$(MATRIX_JOBS))

## test-matrix-full: every case of the matrices, slow ones included
test-matrix-full: TEST_MARK :=
test-matrix-full: $$(PYTEST_DEPS)
	$(call pytest,tests/matrix,$(MATRIX_JOBS))
