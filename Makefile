# graphql: a Hasura-compatible GraphQL API served from inside PostgreSQL

EXTENSION = graphql
MODULE_big = graphql
DATA = graphql--0.1.0.sql
OBJS = \
	src/action.o \
	src/action_run.o \
	src/graphql.o \
	src/lexer.o \
	src/parser.o \
	src/ast_json.o \
	src/error.o \
	src/names.o \
	src/inflect.o \
	src/catalog.o \
	src/catalog_comment.o \
	src/catalog_remote.o \
	src/catalog_metadata.o \
	src/catalog_metadata_rel.o \
	src/catalog_enum.o \
	src/catalog_rel.o \
	src/catalog_customization.o \
	src/schema_namespace.o \
	src/schema_naming.o \
	src/compile.o \
	src/metadata.o \
	src/metadata_permission.o \
	src/metadata_join.o \
	src/metadata_remote.o \
	src/permission.o \
	src/schema.o \
	src/schema_aggregate.o \
	src/schema_mutation.o \
	src/schema_function.o \
	src/schema_lazy.o \
	src/schema_postgis.o \
	src/schema_remote.o \
	src/schema_action.o \
	src/schema_remote_rel.o \
	src/schema_lookup.o \
	src/schema_introspection.o \
	src/collect.o \
	src/request.o \
	src/cache.o \
	src/cache_watch.o \
	src/cache_watch_remote.o \
	src/sdl.o \
	src/values.o \
	src/validate.o \
	src/plan.o \
	src/json_path.o \
	src/plan_filter.o \
	src/plan_mutation.o \
	src/plan_select.o \
	src/print.o \
	src/deparse.o \
	src/deparse_aggregate.o \
	src/deparse_sql.o \
	src/deparse_filter.o \
	src/mutation.o \
	src/introspection.o \
	src/execute.o \
	src/reuse.o \
	src/session.o \
	src/json_tree.o \
	src/postgis.o \
	src/jwt_config.o \
	src/jwt_keys.o \
	src/auth.o \
	src/plan_cache.o \
	src/settings.o \
	src/request_limits.o \
	src/http.o \
	src/jwks_fetch.o \
	src/remote_http.o \
	src/remote_join.o \
	src/remote_relationship.o \
	src/remote_permission.o \
	src/remote_run.o \
	src/remote_schema.o

# One pg_regress test per feature, named after it.
REGRESS = parse_values parse_strings parse_documents parse_errors parse_limits resolve_errors error_recovery encodings hostile_input type_capabilities search_path security api_limits deferred_constraints \
	query_basic query_where plan json_path array_literal_strings query_order_limit query_types query_relationships query_views \
	query_naming query_variables query_fragments_directives query_errors schema_cache sqli \
	introspection aggregates views functions computed_fields stringify_numeric_types postgis \
	mutation_insert mutation_upsert mutation_update mutation_delete mutation_errors error_codes \
	mutation_triggers_defaults mutation_nested_insert lazy_schema nested_resolve row_level_security jwt plan_cache plan_cache_reuse http admin_secret \
	metadata_names metadata_permissions metadata_enum_tables metadata_customization metadata_chinook write_only_mutations metadata_root_fields metadata_backend_only metadata_join_hidden_columns

PG_CONFIG ?= pg_config
JWT_CFLAGS := $(shell pkg-config --cflags libjwt libcrypto libcurl)
# libjwt is not linked but loaded at run time with RTLD_DEEPBIND (src/auth.c):
# its jansson calls must not bind to the postgres executable's json_object().
JWT_SONAME := $(shell objdump -p $$(pkg-config --variable=libdir libjwt)/libjwt.so | awk '/SONAME/ {print $$2}')
ifeq ($(JWT_SONAME),)
$(error libjwt.so not found: install libjwt-dev)
endif

PG_CPPFLAGS = -I$(srcdir)/src $(JWT_CFLAGS) -DGQL_LIBJWT_SONAME='"$(JWT_SONAME)"'
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter
SHLIB_LINK = $(shell pkg-config --libs libcrypto libcurl)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# every object depends on every header (PGXS tracks no header dependencies)
$(OBJS): $(wildcard $(srcdir)/src/*.h)

# graphql-server (server/): built and installed with the extension (a copy
# of the extension's sources alone, as test/fuzz/build.sh makes, has none)
ifneq ($(wildcard server/Makefile),)
all: server-all
install: server-install
clean: server-clean
server-all:
	$(MAKE) -C server PG_CONFIG=$(PG_CONFIG)
server-install: server-all
	$(MAKE) -C server install PG_CONFIG=$(PG_CONFIG)
server-clean:
	$(MAKE) -C server clean
.PHONY: server-all server-install server-clean
endif
