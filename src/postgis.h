/*-------------------------------------------------------------------------
 *
 * postgis.h
 *	  PostGIS's geometry and geography, when PostGIS is installed: which
 *	  types they are, GeoJSON values checked as Hasura checks them, and the
 *	  SQL that reads and writes them as GeoJSON.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_POSTGIS_H
#define GRAPHQL_POSTGIS_H

#include "postgres.h"

#include "lib/stringinfo.h"

/* Whether a type is one of PostGIS's. */
typedef enum GeoKind
{
	GEO_NONE,
	GEO_GEOMETRY,
	GEO_GEOGRAPHY
} GeoKind;

extern GeoKind gql_postgis_type(Oid typid, const char *typname);
extern const char *gql_geojson_error(const char *json, const char *typname);
extern void gql_geojson_in(StringInfo out, GeoKind kind, const char *nspname, int param);
extern void gql_geojson_in_array(StringInfo out, GeoKind kind, const char *nspname, int param);
extern void gql_geojson_out(StringInfo out, GeoKind kind, const char *nspname, const char *expr);
extern void gql_postgis_operand(StringInfo out, GeoKind kind, const char *nspname, const char *expr);
extern void gql_postgis_call(StringInfo out, const char *nspname, const char *func);

#endif							/* GRAPHQL_POSTGIS_H */
