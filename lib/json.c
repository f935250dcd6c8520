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
 * the reference to value.  Returns -1 when a step is not an object, or
 * the path is not UTF-8 (a --map word: jansson refuses such a key).
 */
int
tk_json_set_path(json_t *obj, const char *path, json_t *value)
{
	const char *dot;
	json_t *next;
	char key[256];
	size_t n;

	if (tk_utf8_check(path, strlen(path), &n) == -1)
		goto fail;
	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(key) || n == 0)
			goto fail;
		memcpy(key, path, n);
		key[n] = '\0';
		if ((next = json_object_get(obj, key)) == NULL) {
			next = json_object();
			tk_jset(obj, key, next);
		} else if (!json_is_object(next))
			goto fail;
		obj = next;
		path = dot + 1;
	}
	if (*path == '\0')
		goto fail;
	tk_jset(obj, path, value);
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

/*
 * Dying setters, as sbase's e* functions: given a value, jansson fails
 * only when memory runs out (or a key is not UTF-8, which the readers
 * rule out), and then nothing sensible is left to do.  A NULL value, an
 * absent field or a string not made, sets nothing, as jansson's own do.
 * tk_jset and tk_jpush steal the value; the _share forms borrow it.
 */
void
tk_jset(json_t *obj, const char *key, json_t *value)
{
	if (value != NULL && json_object_set_new(obj, key, value) == -1)
		tk_errx(TK_EXIT_TEMP, "cannot set \"%s\": out of memory", key);
}

void
tk_jshare(json_t *obj, const char *key, json_t *value)
{
	tk_jset(obj, key, json_incref(value));
}

void
tk_jpush(json_t *arr, json_t *value)
{
	if (value != NULL && json_array_append_new(arr, value) == -1)
		tk_errx(TK_EXIT_TEMP, "cannot append: out of memory");
}

void
tk_jpush_share(json_t *arr, json_t *value)
{
	tk_jpush(arr, json_incref(value));
}

/* Every key of src into dst; every element of one array after another's. */
void
tk_jmerge(json_t *dst, json_t *src)
{
	if (json_object_update(dst, src) == -1)
		tk_errx(TK_EXIT_TEMP, "cannot merge objects: out of memory");
}

void
tk_jappend(json_t *dst, json_t *src)
{
	if (json_array_extend(dst, src) == -1)
		tk_errx(TK_EXIT_TEMP, "cannot extend an array: out of memory");
}
