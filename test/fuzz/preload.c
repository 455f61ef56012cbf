/*
 * preload.c: a small library preloaded (LD_PRELOAD, before libasan) into the
 * fuzzer's PostgreSQL server, whose postgres executable is not built with
 * AddressSanitizer.  It works around two things that stop a preloaded gcc
 * libasan from running postgres at all:
 *
 * - swift_demangle: libasan initialises itself in the first malloc() call,
 *   which here happens inside bindtextdomain() in the constructor of
 *   libgpg-error (a dependency of the postgres executable), with glibc's
 *   gettext lock held for writing.  Part of that initialisation is
 *   dlsym(RTLD_DEFAULT, "swift_demangle") followed by dlerror(), whose
 *   translated message takes the same lock: the process hangs.  With the
 *   symbol defined, dlsym succeeds, dlerror has nothing to translate.
 *   Returning NULL tells libasan to print names undemangled (C has none).
 *
 * - dlopen with RTLD_DEEPBIND: src/auth.c loads libjwt that way, so that
 *   its call of jansson's json_object() does not bind to the postgres
 *   executable's json_object() (the SQL function), and libasan refuses
 *   RTLD_DEEPBIND and ends the process.  Here such a library is loaded
 *   without the flag, and then every function slot of its own (a
 *   JUMP_SLOT or GLOB_DAT relocation) that was bound to a symbol of the
 *   postgres executable is bound again to the definition one of its own
 *   dependencies gives, which is what RTLD_DEEPBIND would have chosen.
 *   (Loading it into a namespace of its own with dlmopen fails under
 *   libasan: libjwt then returns ENOMEM.)  x86-64 only.
 *
 * - __ubsan_default_options: libubsan reads UBSAN_OPTIONS from
 *   /proc/self/environ when it first reports, in a backend; by then postgres
 *   has written its process title over that memory (ps_status.c), so the
 *   options were lost (no log_path, no abort_on_error).  libubsan also asks
 *   this hook, which reads the environment through environ, which postgres
 *   moved to a safe copy.
 *
 * It must come first in LD_PRELOAD to see dlopen before libasan does; hence
 * ASAN_OPTIONS=verify_asan_link_order=0.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

char	   *swift_demangle(const char *name, size_t len, char *out, size_t *outlen, uint32_t flags);
void	   *dlopen(const char *filename, int flags);
const char *__ubsan_default_options(void);

/* No demangling: libasan prints the name as it is. */
char *
swift_demangle(const char *name, size_t len, char *out, size_t *outlen, uint32_t flags)
{
	return NULL;
}

/* UBSAN_OPTIONS, read through environ. */
const char *
__ubsan_default_options(void)
{
	const char *options = getenv("UBSAN_OPTIONS");

	return options != NULL ? options : "";
}

/* The base address of the object that defines addr, or NULL. */
static void *
object_base(void *addr)
{
	Dl_info		info;

	return dladdr(addr, &info) ? info.dli_fbase : NULL;
}

/* For dl_iterate_phdr: the RELRO range of the object loaded at base. */
struct relro
{
	ElfW(Addr)	base;
	uintptr_t	start;
	uintptr_t	end;
};

static int
find_relro(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct relro *r = arg;

	if (info->dlpi_addr != r->base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++)
	{
		if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO)
		{
			r->start = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
			r->end = r->start + info->dlpi_phdr[i].p_memsz;
		}
	}
	return 1;
}

/*
 * Rebind the slots of the loaded object map that point into the main
 * executable to the definitions its DT_NEEDED dependencies give.
 */
static void
rebind_away_from_executable(struct link_map *map)
{
	static char anchor;
	struct link_map *main_map = NULL;
	void	   *main_base;
	const ElfW(Sym) *symtab = NULL;
	const char *strtab = NULL;
	const ElfW(Rela) *rela[2] = {NULL, NULL};
	size_t		relasz[2] = {0, 0};
	void	   *deps[64];
	int			ndeps = 0;
	long		page = sysconf(_SC_PAGESIZE);
	struct relro relro = {map->l_addr, 0, 0};

	if (dlinfo(dlopen(NULL, RTLD_NOW), RTLD_DI_LINKMAP, &main_map) != 0 || main_map == NULL)
		return;
	main_base = (void *) main_map->l_addr;
	if (main_base == object_base(&anchor))
		return;					/* cannot happen: this is a library */

	for (const ElfW(Dyn) *d = map->l_ld; d->d_tag != DT_NULL; d++)
	{
		switch (d->d_tag)
		{
			case DT_SYMTAB: symtab = (const ElfW(Sym) *) d->d_un.d_ptr; break;
			case DT_STRTAB: strtab = (const char *) d->d_un.d_ptr; break;
			case DT_JMPREL: rela[0] = (const ElfW(Rela) *) d->d_un.d_ptr; break;
			case DT_PLTRELSZ: relasz[0] = d->d_un.d_val; break;
			case DT_RELA: rela[1] = (const ElfW(Rela) *) d->d_un.d_ptr; break;
			case DT_RELASZ: relasz[1] = d->d_un.d_val; break;
		}
	}
	if (symtab == NULL || strtab == NULL)
		return;
	dl_iterate_phdr(find_relro, &relro);
	/* ld.so made read-only only the whole pages of RELRO (_dl_protect_relro) */
	relro.start &= ~(uintptr_t) (page - 1);
	relro.end &= ~(uintptr_t) (page - 1);
	for (const ElfW(Dyn) *d = map->l_ld; d->d_tag != DT_NULL && ndeps < 64; d++)
	{
		void	   *h;

		if (d->d_tag == DT_NEEDED &&
			(h = dlopen(strtab + d->d_un.d_val, RTLD_NOW | RTLD_NOLOAD)) != NULL)
			deps[ndeps++] = h;
	}

	for (int k = 0; k < 2; k++)
	{
		for (size_t i = 0; rela[k] != NULL && i < relasz[k] / sizeof(ElfW(Rela)); i++)
		{
			const ElfW(Rela) *r = &rela[k][i];
			int			type = ELF64_R_TYPE(r->r_info);
			void	  **slot;
			const char *name;

			if ((type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) || ELF64_R_SYM(r->r_info) == 0)
				continue;
			slot = (void **) (map->l_addr + r->r_offset);
			if (*slot == NULL || object_base(*slot) != main_base)
				continue;
			name = strtab + symtab[ELF64_R_SYM(r->r_info)].st_name;
			for (int j = 0; j < ndeps; j++)
			{
				void	   *def = dlsym(deps[j], name);
				uintptr_t	start;

				if (def == NULL || object_base(def) == main_base)
					continue;
				/* a slot outside those pages is writable already */
				if ((uintptr_t) slot < relro.start || (uintptr_t) slot >= relro.end)
				{
					*slot = def;
					break;
				}
				start = (uintptr_t) slot & ~(uintptr_t) (page - 1);
				if (mprotect((void *) start, page, PROT_READ | PROT_WRITE) == 0)
				{
					*slot = def;
					mprotect((void *) start, page, PROT_READ);
				}
				break;
			}
		}
	}
}

/* dlopen, with RTLD_DEEPBIND emulated (see the top of the file). */
void *
dlopen(const char *filename, int flags)
{
	static void *(*next) (const char *, int);
	void	   *handle;
	struct link_map *map;

	if (next == NULL)
		next = (void *(*) (const char *, int)) dlsym(RTLD_NEXT, "dlopen");
	if (filename == NULL || !(flags & RTLD_DEEPBIND))
		return next(filename, flags);
	handle = next(filename, (flags & ~RTLD_DEEPBIND & ~RTLD_LAZY) | RTLD_NOW);
	if (handle != NULL && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0)
		rebind_away_from_executable(map);
	return handle;
}
