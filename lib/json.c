/*
 * json.c: dotted paths into jansson objects ("caller.phone").
 *
 * Field names never contain dots, so a dot always means one level down;
 * this is how CSV headers and --map/--set name nested fields.
 */
#include <string.h>

#include "ticket.h"

/* The value at a dotted path, borrowed, or NULL. */
json_t *
tk_json_path(json_t *obj, const char *path)
{
	const char *dot;
	char key[256];
	size_t n;

	while (obj != NULL && (dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		path = dot + 1;
	}
	return obj != NULL ? json_object_get(obj, path) : NULL;
}

/*
 * Sets the value at a dotted path, making the objects on the way; steals
 * the reference to value.  Returns -1 when a step is not an object.
 */
int
tk_json_set_path(json_t *obj, const char *path, json_t *value)
{
	const char *dot;
	json_t *next;
	char key[256];
	size_t n;

	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(key) || n == 0)
			goto fail;
		memcpy(key, path, n);
		key[n] = '\0';
		if ((next = json_object_get(obj, key)) == NULL) {
			next = json_object();
			json_object_set_new(obj, key, next);
		} else if (!json_is_object(next))
			goto fail;
		obj = next;
		path = dot + 1;
	}
	if (*path == '\0')
		goto fail;
	json_object_set_new(obj, path, value);
	return 0;
fail:
	json_decref(value);
	return -1;
}

/* A string member, or NULL when absent or not a string. */
const char *
tk_json_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * Sets each FIELD=VALUE the record lacks.  Returns NULL, or the field
 * that could not be placed (a step on its path is not an object).
 */
const char *
tk_json_defaults(json_t *rec, const struct tk_pair *pairs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tk_json_path(rec, pairs[i].key) == NULL &&
		    tk_json_set_path(rec, pairs[i].key,
		    json_string(pairs[i].value)) == -1)
			return pairs[i].key;
	return NULL;
}

/* A record made of FIELD=VALUE pairs, for one ticket from flags. */
json_t *
tk_json_from_pairs(const struct tk_pair *pairs, size_t n)
{
	json_t *rec = json_object();
	size_t i;

	for (i = 0; i < n; i++)
		if (tk_json_set_path(rec, pairs[i].key,
		    json_string(pairs[i].value)) == -1) {
			json_decref(rec);
			return NULL;
		}
	return rec;
}
