/*-------------------------------------------------------------------------
 *
 * sdl.h
 *	  A Schema in the GraphQL schema definition language.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_SDL_H
#define GRAPHQL_SDL_H

#include "schema.h"

extern char *gql_schema_sdl(const Schema *schema);

#endif							/* GRAPHQL_SDL_H */
