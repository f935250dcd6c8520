/*
 * archive-site.c: the published records as the hotline's public website, static
 * files in one directory: index.html by month and category, and a page
 * per request (<id>.html).  Plain HTML5 in UTF-8, Chinese labels, the
 * style inline, no script and no external asset, so the pages read the
 * same from a file, a web server or an archive's CD.  Every text is
 * escaped, in attributes too; the records come from publish.c, masked
 * already, with ids that are ticket numbers.
 *
 * The site is written whole into a fresh folder beside the old one
 * (.NAME.XXXXXX, from mkdtemp) and swapped in by one rename, so a reader
 * sees the old site or the new one, never half of each, and the page of a
 * ticket no longer published disappears.  Each page is created with
 * O_EXCL and O_NOFOLLOW inside that folder: nothing planted there, no
 * symbolic link, is written through.  The old site is then removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticket.h"

#define TITLE	"12345政务服务便民热线 · 办理结果公开"

static const char style[] =
    "body{max-width:50em;margin:2em auto;padding:0 1em;"
    "font-family:sans-serif;line-height:1.7;color:#222}"
    "h1{font-size:1.4em}h2{border-bottom:1px solid #ccc}"
    "dt{font-weight:bold;margin-top:.6em}dd{margin-left:1em}"
    "li span{color:#666;margin-left:.5em}";

static void
esc(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static FILE *
page_open(int dfd, const char *dir, const char *name, const char *title,
    char **path)
{
	FILE *fp = NULL;
	int fd;

	tk_xasprintf(path, "%s/%s", dir, name);
	if ((fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		tk_err(TK_EXIT_TEMP, "%s", *path);
	fputs("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>", fp);
	esc(fp, title);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	return fp;
}

static void
page_close(FILE *fp, char *path)
{
	fputs("</body>\n</html>\n", fp);
	/* '|', not '||': the file is closed whatever ferror says. */
	if (ferror(fp) | fclose(fp))
		tk_err(TK_EXIT_TEMP, "%s", path);
	free(path);
}

static const char *
at(json_t *r, const char *path)
{
	return json_string_value(tk_json_path(r, path));
}

static void
item(FILE *fp, const char *label, const char *text)
{
	if (text == NULL)
		return;
	fprintf(fp, "<dt>%s</dt><dd>", label);
	esc(fp, text);
	fputs("</dd>\n", fp);
}

/* One request's page. */
static void
request_page(int dfd, const char *dir, json_t *r)
{
	const char *id = tk_json_str(r, "id");
	char *name, *path;
	FILE *fp;

	tk_xasprintf(&name, "%s.html", id);
	fp = page_open(dfd, dir, name, at(r, "request.what") ?
	    at(r, "request.what") : id, &path);
	fputs("<p><a href=\"index.html\">返回目录</a></p>\n<h1>", fp);
	esc(fp, at(r, "request.what"));
	fputs("</h1>\n<dl>\n", fp);
	item(fp, "工单号", id);
	item(fp, "类别", tk_enum_label(tk_categories, at(r, "category")));
	item(fp, "主题", at(r, "topic"));
	item(fp, "区域", at(r, "area"));
	item(fp, "受理时间", at(r, "received_at"));
	item(fp, "办结时间", at(r, "closed_at"));
	item(fp, "经过", at(r, "request.process"));
	item(fp, "诉求", at(r, "request.result"));
	item(fp, "答复", at(r, "reply"));
	item(fp, "承办单位", at(r, "unit"));
	fputs("</dl>\n", fp);
	page_close(fp, path);
	free(name);
}

/* Month of closing (YYYY-MM), then category in the list's order, then
 * the ticket number. */
static int
by_place(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int c;

	if ((c = strncmp(at(a, "closed_at"), at(b, "closed_at"), 7)) != 0)
		return c;
	if ((c = tk_enum_find(tk_categories, at(a, "category")) -
	    tk_enum_find(tk_categories, at(b, "category"))) != 0)
		return c;
	return strcmp(at(a, "id"), at(b, "id"));
}

static void
index_entry(FILE *fp, json_t *r, json_t *prev)
{
	const char *m = at(r, "closed_at"), *cat = at(r, "category");
	int month = prev == NULL || strncmp(m, at(prev, "closed_at"), 7) != 0;
	int heading = month || strcmp(cat, at(prev, "category")) != 0;

	if (heading && prev != NULL)
		fputs("</ul>\n", fp);
	if (month)
		fprintf(fp, "<h2>%.4s年%.2s月</h2>\n", m, m + 5);
	if (heading) {
		fputs("<h3>", fp);
		esc(fp, tk_enum_label(tk_categories, cat));
		fputs("</h3>\n<ul>\n", fp);
	}
	fputs("<li><a href=\"", fp);
	esc(fp, at(r, "id"));
	fputs(".html\">", fp);
	esc(fp, at(r, "request.what") ? at(r, "request.what") : at(r, "id"));
	fputs("</a><span>", fp);
	esc(fp, at(r, "area"));
	fprintf(fp, " %.10s</span></li>\n", at(r, "closed_at"));
}

/* A fresh folder beside dir, for the new site; its fd in *dfd. */
static char *
fresh_folder(const char *dir, int *dfd)
{
	char *d = tk_xstrdup(dir), *b = tk_xstrdup(dir), *tmp;
	mode_t mask = umask(0);

	umask(mask);
	tk_xasprintf(&tmp, "%s/.%s.XXXXXX", dirname(d), basename(b));
	free(d);
	free(b);
	if (mkdtemp(tmp) == NULL)
		tk_err(TK_EXIT_TEMP, "%s", tmp);
	/* mkdtemp makes it 0700; the web server reads the site. */
	if ((*dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fchmod(*dfd, 0777 & ~mask) == -1)
		tk_err(TK_EXIT_TEMP, "%s", tmp);
	return tmp;
}

/* The old site, now at path: its files, then the folder. */
static void
remove_old(const char *path)
{
	struct dirent *e;
	DIR *dp;
	int fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || (dp = fdopendir(fd)) == NULL) {
		tk_warnx("%s: %s: the old site is left there", path,
		    strerror(errno));
		return;
	}
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			(void)unlinkat(fd, e->d_name, 0);
	closedir(dp);
	if (rmdir(path) == -1)
		tk_warnx("%s: %s: the old site is left there", path,
		    strerror(errno));
}

/* The new site at tmp becomes dir in one step. */
static void
swap_in(const char *tmp, const char *dir)
{
	struct stat sb;

	if (lstat(dir, &sb) == -1) {
		if (errno != ENOENT || rename(tmp, dir) == -1)
			tk_err(TK_EXIT_TEMP, "%s", dir);
		return;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == -1)
		tk_err(TK_EXIT_TEMP, "%s", dir);
	remove_old(tmp);
}

/* The whole site, written fresh and swapped in for what dir held. */
void
tk_site_write(const char *dir, json_t *records)
{
	size_t i, n = json_array_size(records);
	json_t **v = tk_xmalloc((n + 1) * sizeof(*v));
	char *path, *tmp;
	struct stat sb;
	FILE *fp;
	int dfd;

	/* Refused before anything is written, not after. */
	if (lstat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		tk_errx(TK_EXIT_DATA, "%s: not a folder", dir);
	tmp = fresh_folder(dir, &dfd);
	for (i = 0; i < n; i++)
		request_page(dfd, tmp, v[i] = json_array_get(records, i));
	qsort(v, n, sizeof(*v), by_place);
	fp = page_open(dfd, tmp, "index.html", TITLE, &path);
	fprintf(fp, "<h1>%s</h1>\n<p>共 %zu 件。</p>\n", TITLE, n);
	for (i = 0; i < n; i++)
		index_entry(fp, v[i], i > 0 ? v[i - 1] : NULL);
	fputs(n > 0 ? "</ul>\n" : "", fp);
	page_close(fp, path);
	close(dfd);
	swap_in(tmp, dir);
	free(tmp);
	free(v);
}
