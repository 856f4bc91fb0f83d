/*
 * A HotSpot disassembler plugin (hsdis) on Capstone, for jdefer-dump --jit --jit-assembly.
 *
 * HotSpot 9 and later look for decode_instructions_virtual(); Debian's libhsdis0-fcml exports
 * only the JDK 8 entry point decode_instructions(), so with it -XX:+PrintAssembly prints hex.
 * This file implements the JDK 9+ interface (src/utils/hsdis/hsdis.h of OpenJDK) the way
 * OpenJDK's own Capstone backend does. Build (docs/dump.md):
 *
 *   apt-get install libcapstone-dev
 *   gcc -shared -fPIC -O2 -o hsdis-amd64.so hsdis-capstone.c -lcapstone
 *
 * then `jdefer-dump --jit --jit-assembly --hsdis path/to/hsdis-amd64.so ...`, or copy it to
 * $JAVA_HOME/lib/server/ for any -XX:+PrintAssembly.
 */
#include <stdint.h>
#include <stdio.h>
#include <capstone/capstone.h>

typedef void *(*event_callback_t)(void *, const char *, void *);
typedef int (*printf_callback_t)(void *, const char *, ...);

__attribute__((visibility("default")))
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char *buffer, uintptr_t length,
                                  event_callback_t event_callback, void *event_stream,
                                  printf_callback_t printf_callback, void *printf_stream,
                                  const char *options, int newline) {
    (void) end_va;
    (void) options;
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return NULL;
    }
    cs_insn *insns;
    size_t count = cs_disasm(handle, buffer, length, start_va, 0, &insns);
    for (size_t i = 0; i < count; i++) {
        event_callback(event_stream, "insn", (void *) (uintptr_t) insns[i].address);
        printf_callback(printf_stream, "%s\t%s", insns[i].mnemonic, insns[i].op_str);
        event_callback(event_stream, "/insn", (void *) (uintptr_t) (insns[i].address + insns[i].size));
        if (newline) {
            printf_callback(printf_stream, "\n");
        }
    }
    if (count > 0) {
        cs_free(insns, count);
    }
    cs_close(&handle);
    return (void *) (start_va + length);
}
