# ksmexit: see README.md.  `make run` and `make test` do all set-up.

CC      ?= gcc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -Iharness -Iguest -D_GNU_SOURCE
PKGS    := json-c
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CFLAGS  += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

LIB_SRCS := harness/assert.c harness/cleanup.c harness/kvm.c harness/guest.c \
	    harness/stats.c harness/pagemap.c harness/ksm.c harness/region.c \
	    harness/hostinfo.c harness/run.c harness/report.c harness/results.c \
	    harness/cli.c
LIB_OBJS := $(LIB_SRCS:.c=.o) harness/payload_blob.o

all: ksmexit

guest/payload.bin: guest/payload.S guest/payload.h guest/payload.ld
	$(CC) -c -nostdlib -ffreestanding -Iguest -o guest/payload.o guest/payload.S
	ld -T guest/payload.ld -o $@ guest/payload.o

harness/payload_blob.o: harness/payload_blob.S guest/payload.bin
	$(CC) -c -o $@ harness/payload_blob.S

ksmexit: harness/main.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

harness/%.o: harness/%.c $(wildcard harness/*.h) guest/payload.h
	$(CC) $(CFLAGS) -c -o $@ $<

clean:
	rm -f ksmexit harness/*.o guest/*.o guest/payload.bin

.PHONY: all clean
