// SPDX-License-Identifier: GPL-2.0
/*
 * KSM knob save/restore against a fake sysfs directory: what was there
 * before a run must be there, byte for byte, after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ksm.h"

struct fake_sysfs {
	char root[64];
};

static void put(const char *root, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *get(const char *root, const char *name)
{
	static char buf[256];
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	struct fake_sysfs *fs = calloc(1, sizeof(*fs));

	strcpy(fs->root, "/tmp/ksmexit-ksm-XXXXXX");
	assert_non_null(mkdtemp(fs->root));
	put(fs->root, "run", "0\n");
	put(fs->root, "pages_to_scan", "100\n");
	put(fs->root, "sleep_millisecs", "20\n");
	put(fs->root, "pages_shared", "7\n");
	put(fs->root, "pages_sharing", "42\n");
	*state = fs;
	return 0;
}

static int teardown(void **state)
{
	struct fake_sysfs *fs = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fs->root);
	assert_int_equal(system(cmd), 0);
	free(fs);
	return 0;
}

static void restores_knobs_byte_for_byte(void **state)
{
	struct fake_sysfs *fs = *state;
	struct ksm ksm;
	char why[256];

	assert_int_equal(ksm_open(&ksm, fs->root, why, sizeof(why)), 0);
	ksm_knob_set_u64(&ksm, "pages_to_scan", 16384);
	ksm_knob_set(&ksm, "sleep_millisecs", "1");
	ksm_knob_set(&ksm, "run", "1");
	ksm_knob_set(&ksm, "run", "0");		/* a second change keeps the first save */
	assert_string_equal(get(fs->root, "pages_to_scan"), "16384");
	assert_string_equal(get(fs->root, "run"), "0");
	assert_int_equal(ksm.nr_saved, 3);
	ksm_restore(&ksm);
	/* The fake files get back what was read, without the newline. */
	assert_string_equal(get(fs->root, "pages_to_scan"), "100");
	assert_string_equal(get(fs->root, "sleep_millisecs"), "20");
	assert_string_equal(get(fs->root, "run"), "0");
	assert_int_equal(ksm.nr_saved, 0);
}

static void reads_counters_and_baseline(void **state)
{
	struct fake_sysfs *fs = *state;
	struct ksm ksm;
	char why[256];

	assert_int_equal(ksm_open(&ksm, fs->root, why, sizeof(why)), 0);
	assert_int_equal(ksm.baseline_shared, 7);
	assert_int_equal(ksm.baseline_sharing, 42);
	assert_int_equal(ksm_read_u64(&ksm, "pages_sharing"), 42);
	assert_true(ksm_read_u64(&ksm, "no_such_counter") == UINT64_MAX);
}

static void missing_ksm_names_config_option(void **state)
{
	struct ksm ksm;
	char why[256];

	(void)state;
	assert_int_equal(ksm_open(&ksm, "/nonexistent/ksm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "CONFIG_KSM=n"));
	assert_non_null(strstr(why, "/nonexistent/ksm/run"));
}

static void refuses_run_2(void **state)
{
	struct fake_sysfs *fs = *state;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct ksm ksm;
		char why[256];

		freopen("/dev/null", "w", stderr);
		ksm_open(&ksm, fs->root, why, sizeof(why));
		ksm_knob_set(&ksm, "run", "2");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(get(fs->root, "run"), "0\n");
}

/* "[scan-time] none" is saved as "scan-time", the form the knob takes back. */
static void saves_choice_knob_as_selected_word(void **state)
{
	struct fake_sysfs *fs = *state;
	struct ksm ksm;
	char why[256], buf[32];

	put(fs->root, "advisor_mode", "[scan-time] none\n");
	assert_int_equal(ksm_open(&ksm, fs->root, why, sizeof(why)), 0);
	assert_int_equal(ksm_knob_get(&ksm, "advisor_mode", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "scan-time");
	ksm_knob_set(&ksm, "advisor_mode", "none");
	assert_string_equal(get(fs->root, "advisor_mode"), "none");
	ksm_restore(&ksm);
	assert_string_equal(get(fs->root, "advisor_mode"), "scan-time");
}

/* A knob already at the value is neither written nor saved. */
static void leaves_knob_at_value_alone(void **state)
{
	struct fake_sysfs *fs = *state;
	struct ksm ksm;
	char why[256];

	assert_int_equal(ksm_open(&ksm, fs->root, why, sizeof(why)), 0);
	ksm_knob_set_u64(&ksm, "pages_to_scan", 100);
	assert_int_equal(ksm.nr_saved, 0);
	assert_string_equal(get(fs->root, "pages_to_scan"), "100\n");
	ksm_knob_set(&ksm, "run", "1");
	assert_true(ksm.turned_on);
	assert_int_equal(ksm.nr_saved, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(restores_knobs_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_counters_and_baseline, setup, teardown),
		cmocka_unit_test(missing_ksm_names_config_option),
		cmocka_unit_test_setup_teardown(refuses_run_2, setup, teardown),
		cmocka_unit_test_setup_teardown(saves_choice_knob_as_selected_word, setup, teardown),
		cmocka_unit_test_setup_teardown(leaves_knob_at_value_alone, setup, teardown),
	};

	return cmocka_run_group_tests_name("ksm", tests, NULL, NULL);
}
