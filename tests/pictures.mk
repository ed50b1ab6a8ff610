# tests/pictures.mk: make pictures: SVG pictures of a real boot into build/pictures/ (the memory
# map and the timeline of the test kernel's boot, and of Debian's kernel when build/linux.img is
# there: make linux). tools/pictures.py boots the image in QEMU and reads what the loader prints;
# the instruction counts come from build/trace-summary.json when make trace wrote one.
# docs/pictures/ holds a committed set (README shows it): copy build/pictures/*.svg there.
PICTURES_OUT ?= $(B)/pictures

.PHONY: pictures
## pictures: SVG memory map and boot timeline of a real boot into build/pictures/ (docs/pictures/ in the README)
pictures: $(B)/disk.img $(ABI_PY)
	$(PYTHON) tools/pictures.py --image $(B)/disk.img --name testkernel --out $(PICTURES_OUT) \
	    --summary $(B)/trace-summary.json
	@if [ -f $(B)/linux.img ]; then \
	    $(PYTHON) tools/pictures.py --image $(B)/linux.img --name debian --out $(PICTURES_OUT); \
	else echo "pictures: no $(B)/linux.img (make linux): Debian's kernel not drawn"; fi
