// SPDX-License-Identifier: GPL-2.0
/*
 * A run's directory and its files: result.json, phases.tsv, timeline.tsv
 * and latency.tsv.  Files are written to a temporary name in the run's
 * directory, flushed and renamed, so a reader never sees half a file and
 * a full disk yields an error naming the path, not a truncated result.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "clock.h"
#include "result_files.h"

/* Writes text to dir/name through a temporary file and rename(). */
static int write_atomic(int dirfd, const char *dir, const char *name,
			const char *text, size_t len)
{
	char tmp[64];
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		ret = -errno;
	for (size_t off = 0; !ret && off < len; ) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0)
			ret = -errno;
		else
			off += n;
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (fd >= 0 && close(fd) && !ret)
		ret = -errno;
	if (!ret && renameat(dirfd, tmp, dirfd, name))
		ret = -errno;
	if (ret) {
		fprintf(stderr, "ksmexit: writing %s/%s failed: %s\n", dir, name,
			strerror(-ret));
		unlinkat(dirfd, tmp, 0);
	}
	return ret;
}

static void phases_tsv(FILE *f, const struct run_result *res)
{
	fprintf(f, "phase\twall_ms\tguest_ms\tpf_taken\texits\tpages_shared\t"
		"pages_sharing\tregion_ksm_pages\n");
	for (int i = 0; i < res->nr_phases; i++) {
		const struct phase_result *p = &res->phases[i];
		double g = p->guest_ms;

		fprintf(f, "%s\t%.6f\t", p->name, ns_to_ms(p->wall_ns));
		isnan(g) ? fprintf(f, "NA\t") : fprintf(f, "%.6f\t", g);
		fprintf(f, "%llu\t%llu\t%llu\t%llu\t", (unsigned long long)p->pf_taken,
			(unsigned long long)p->exits, (unsigned long long)p->pages_shared,
			(unsigned long long)p->pages_sharing);
		p->region_ksm_pages < 0 ? fprintf(f, "NA\n") :
					  fprintf(f, "%ld\n", p->region_ksm_pages);
	}
}

static void timeline_tsv(FILE *f, const struct run_result *res)
{
	fprintf(f, "t_ms\tphase");
	for (int c = 0; c < SAMPLER_NR_COLS; c++)
		fprintf(f, "\t%s", sampler_col_names[c]);
	fprintf(f, "\n");
	for (size_t i = 0; i < res->timeline.nr; i++) {
		const struct sample *smp = &res->timeline.samples[i];

		fprintf(f, "%.3f\t%s", smp->t_ns / 1e6,
			smp->phase >= 0 ? res->phases[smp->phase].name : "-");
		for (int c = 0; c < SAMPLER_NR_COLS; c++)
			smp->v[c] < 0 ? fprintf(f, "\tNA") : fprintf(f, "\t%lld", (long long)smp->v[c]);
		fprintf(f, "\n");
	}
}

/* Every non-empty bucket of every timed pass, bounds in cycles and ns. */
static void latency_tsv(FILE *f, const struct run_result *res)
{
	fprintf(f, "phase\tlow_cycles\thigh_cycles\tlow_ns\thigh_ns\tpages\n");
	for (int i = 0; i < res->nr_phases; i++) {
		const struct latency_summary *l = res->phases[i].latency;

		for (int b = 0; l && b < LAT_NR_BUCKETS; b++) {
			uint64_t lo = latency_bucket_low(b), hi;

			if (!l->hist[b])
				continue;
			hi = latency_bucket_low(b + 1 < LAT_NR_BUCKETS ? b + 1 : b) - 1;
			fprintf(f, "%s\t%llu\t%llu\t%.1f\t%.1f\t%llu\n", res->phases[i].name,
				(unsigned long long)lo, (unsigned long long)hi,
				cycles_to_ns(lo, res->tsc_khz), cycles_to_ns(hi, res->tsc_khz),
				(unsigned long long)l->hist[b]);
		}
	}
}

/* Renders a TSV in memory with fill(), then writes it atomically. */
static int write_tsv(int dirfd, const char *dir, const char *name,
		     void (*fill)(FILE *, const struct run_result *),
		     const struct run_result *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	fill(f, res);
	fclose(f);
	ret = write_atomic(dirfd, dir, name, buf, len);
	free(buf);
	return ret;
}

/* mkdir -p that refuses to walk through symlinks. */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	struct stat st;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; ; p++) {
		char saved = *p;

		if (saved != '/' && saved != '\0')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		if (lstat(buf, &st))
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;	/* also a symlink */
		*p = saved;
		if (!saved)
			return 0;
	}
}

int results_make_dir(const struct run_output *out, const char *hostname,
		     char *dir, size_t len)
{
	char stamp[32];
	struct tm tm;
	time_t t;
	int ret = make_dirs(out->results_dir);

	if (ret) {
		fprintf(stderr, "ksmexit: cannot create results directory %s: %s\n",
			out->results_dir, strerror(-ret));
		return ret;
	}
	if (out->dir_name) {
		snprintf(dir, len, "%s/%s", out->results_dir, out->dir_name);
		if (!mkdir(dir, 0755))
			return 0;
		ret = -errno;
		fprintf(stderr, "ksmexit: cannot create %s: %s\n", dir, strerror(errno));
		return ret;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (int n = 1; n < 100; n++) {
		if (n == 1)
			snprintf(dir, len, "%s/%s-%s", out->results_dir, stamp, hostname);
		else
			snprintf(dir, len, "%s/%s-%s-%d", out->results_dir, stamp, hostname, n);
		if (!mkdir(dir, 0755))
			return 0;
		if (errno != EEXIST)
			break;
	}
	ret = -errno;
	fprintf(stderr, "ksmexit: cannot create %s: %s\n", dir, strerror(errno));
	return ret;
}

int results_write(const struct run_output *out, const struct run_config *cfg,
		  const struct run_result *res, const struct check *checks,
		  int nr_checks, char *dir, size_t len)
{
	struct json_object *json;
	const char *text;
	int dirfd, ret;

	ret = results_make_dir(out, res->host.hostname, dir, len);
	if (ret)
		return ret;
	dirfd = open(dir, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0) {
		fprintf(stderr, "ksmexit: cannot open %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	json = result_to_json(cfg, res, checks, nr_checks);
	text = json_object_to_json_string_ext(json, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = write_atomic(dirfd, dir, "result.json", text, strlen(text));
	json_object_put(json);
	if (!ret)
		ret = write_tsv(dirfd, dir, "phases.tsv", phases_tsv, res);
	if (!ret && res->timeline.nr)
		ret = write_tsv(dirfd, dir, "timeline.tsv", timeline_tsv, res);
	if (!ret && cfg->timed)
		ret = write_tsv(dirfd, dir, "latency.tsv", latency_tsv, res);
	close(dirfd);
	return ret;
}

int results_write_file(const char *dir, const char *name, const char *text, size_t len)
{
	int dirfd = open(dir, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), ret;

	if (dirfd < 0) {
		fprintf(stderr, "ksmexit: cannot open %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	ret = write_atomic(dirfd, dir, name, text, len);
	close(dirfd);
	return ret;
}

int results_write_json(const char *dir, const char *name, struct json_object *o)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE);

	return results_write_file(dir, name, text, strlen(text));
}
