// SPDX-License-Identifier: GPL-2.0
/*
 * The result writer: a hand-made run_result goes to disk and is read back
 * with json-c; the files are complete, in a new directory, with no
 * temporary files left behind, and a bad results path is an error.
 */
#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "cli.h"
#include "derive.h"
#include "fake_result.h"
#include "quiet.h"
#include "result_files.h"

static struct json_object *read_json(const char *dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/result.json", dir);
	return json_object_from_file(path);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st; (void)type; (void)f;
	return remove(path);
}

/* Each test leaves no directory of its own behind. */
static void remove_tree(const char *root)
{
	assert_int_equal(nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void writes_complete_result(void **state)
{
	char root[] = "/tmp/ksmexit-results-XXXXXX", dir[4096], path[4200], line[512];
	struct check checks[] = { { "merge", CHECK_PASS, "ok" },
				  { "expectation", CHECK_FAIL, "too few" } };
	struct options o;
	struct run_config *cfg = &o.run;
	struct run_output out = { .results_dir = "results" };
	struct run_result res;
	struct json_object *j, *phases;
	struct dirent *de;
	FILE *f;
	DIR *d;

	(void)state;
	assert_non_null(mkdtemp(root));
	cli_defaults(&o);
	snprintf(path, sizeof(path), "%s/nested/results", root);
	out.results_dir = path;
	fake_result(&res);
	assert_int_equal(results_write(&out, cfg, &res, checks, 2, dir, sizeof(dir)), 0);
	assert_non_null(strstr(dir, "-testhost"));

	j = read_json(dir);
	assert_non_null(j);
	assert_string_equal(json_object_get_string(get(j, "schema")), "ksmexit-result");
	assert_int_equal(json_object_get_int(get(j, "schema_version")), RESULT_SCHEMA_VERSION);
	assert_string_equal(json_object_get_string(get(j, "result")), "fail");
	assert_string_equal(json_object_get_string(get(get(j, "host"), "virt_mode")), "SVM/NPT");
	assert_true(json_object_is_type(get(get(j, "host"), "nested"), json_type_null));
	phases = get(j, "phases");
	assert_int_equal(json_object_array_length(phases), PHASE_STRESS);
	assert_int_equal(json_object_get_int64(get(get(json_object_array_get_idx(
		phases, PHASE_POST_MERGE), "vcpu_stats"), "pf_taken")), 16384);
	assert_true(fabs(json_object_get_double(get(json_object_array_get_idx(
		phases, PHASE_WARM), "guest_ms")) - 1.0) < 1e-9);
	assert_true(json_object_is_type(get(get(j, "derived"), "cost_per_fault_us"),
					json_type_null));
	assert_int_equal(json_object_get_int64(get(get(j, "derived"), "merged_pages")), 16384);
	json_object_put(j);

	snprintf(path, sizeof(path), "%s/phases.tsv", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "phase\twall_ms\tguest_ms\tpf_taken\texits\t"
			    "pages_shared\tpages_sharing\tregion_ksm_pages\n");
	for (int i = 0; i < PHASE_STRESS; i++)
		assert_non_null(fgets(line, sizeof(line), f));
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);

	d = opendir(dir);
	while ((de = readdir(d)))
		assert_null(strstr(de->d_name, ".tmp"));
	closedir(d);
	remove_tree(root);
}

static struct json_object *post_merge_trace(struct json_object *j)
{
	return get(json_object_array_get_idx(get(j, "phases"), PHASE_POST_MERGE), "trace");
}

static void exit_reasons_real_or_na(void **state)
{
	char root[] = "/tmp/ksmexit-results-XXXXXX", dir[4096];
	struct check checks[] = { { "merge", CHECK_PASS, "ok" } };
	struct options o;
	struct run_config *cfg = &o.run;
	struct run_output out = { .results_dir = "results" };
	struct run_result res;
	struct json_object *j, *t;

	(void)state;
	assert_non_null(mkdtemp(root));
	cli_defaults(&o);
	out.results_dir = root;

	fake_result(&res);
	fake_svm_trace(&res, true);
	derive_trace_verdicts(&res);
	assert_int_equal(results_write(&out, cfg, &res, checks, 1, dir, sizeof(dir)), 0);
	j = read_json(dir);
	t = post_merge_trace(j);
	assert_int_equal(json_object_get_int64(get(get(t, "exit_reasons"), "NPF")), 16384);
	assert_int_equal(json_object_get_int64(get(get(t, "exit_reasons"), "io")), 6);
	assert_int_equal(json_object_get_int64(get(get(t, "events"), "kvm:kvm_exit")), 16390);
	assert_int_equal(json_object_get_int64(get(t, "tdp_fault_exits")), 16384);
	assert_true(json_object_is_type(get(get(get(get(j, "trace"), "events"),
						 "kvm:kvm_exit"), "na_reason"), json_type_null));
	json_object_put(j);

	fake_result(&res);
	fake_svm_trace(&res, false);	/* exits counted, kvm_exit silent */
	derive_trace_verdicts(&res);
	assert_int_equal(results_write(&out, cfg, &res, checks, 1, dir, sizeof(dir)), 0);
	j = read_json(dir);
	t = post_merge_trace(j);
	assert_true(json_object_is_type(get(t, "exit_reasons"), json_type_null));
	assert_true(json_object_is_type(get(t, "tdp_fault_exits"), json_type_null));
	assert_true(json_object_is_type(get(get(t, "events"), "kvm:kvm_exit"), json_type_null));
	assert_int_equal(json_object_get_int64(get(get(t, "events"),
						   "kvmmmu:kvm_mmu_spte_requested")), 16384);
	assert_non_null(strstr(json_object_get_string(get(get(get(get(j, "trace"), "events"),
		"kvm:kvm_exit"), "na_reason")), "never fired while the vCPU statistics counted 16390 exits"));
	json_object_put(j);
	remove_tree(root);
}

static void second_run_same_second_gets_own_dir(void **state)
{
	char root[] = "/tmp/ksmexit-results-XXXXXX", a[4096], b[4096];
	struct check checks[] = { { "merge", CHECK_PASS, "ok" } };
	struct options o;
	struct run_config *cfg = &o.run;
	struct run_output out = { .results_dir = "results" };
	struct run_result res;

	(void)state;
	assert_non_null(mkdtemp(root));
	cli_defaults(&o);
	out.results_dir = root;
	fake_result(&res);
	assert_int_equal(results_write(&out, cfg, &res, checks, 1, a, sizeof(a)), 0);
	assert_int_equal(results_write(&out, cfg, &res, checks, 1, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	remove_tree(root);
}

static void unusable_results_dir_is_an_error(void **state)
{
	char root[] = "/tmp/ksmexit-results-XXXXXX", file[128], link[128], dir[4096];
	struct check checks[] = { { "merge", CHECK_PASS, "ok" } };
	struct options o;
	struct run_config *cfg = &o.run;
	struct run_output out = { .results_dir = "results" };
	struct run_result res;
	int saved, ret_file, ret_link;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(file, sizeof(file), "%s/plainfile", root);
	fclose(fopen(file, "w"));
	snprintf(link, sizeof(link), "%s/link", root);
	assert_int_equal(symlink(root, link), 0);
	cli_defaults(&o);
	fake_result(&res);
	saved = quiet_begin(STDERR_FILENO);
	out.results_dir = file;
	ret_file = results_write(&out, cfg, &res, checks, 1, dir, sizeof(dir));
	out.results_dir = link;		/* never follows a symlink */
	ret_link = results_write(&out, cfg, &res, checks, 1, dir, sizeof(dir));
	quiet_end(STDERR_FILENO, saved);
	assert_int_equal(ret_file, -ENOTDIR);
	assert_int_equal(ret_link, -ENOTDIR);
	remove_tree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_complete_result),
		cmocka_unit_test(exit_reasons_real_or_na),
		cmocka_unit_test(second_run_same_second_gets_own_dir),
		cmocka_unit_test(unusable_results_dir_is_an_error),
	};

	return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
