// SPDX-License-Identifier: GPL-2.0
/* Limits and scaled defaults of a run's options. */
#include "config.h"
#include "guest.h"
#include "measure.h"
#include "page.h"

uint64_t run_merge_timeout_ms(const struct run_config *cfg)
{
	return cfg->merge_timeout_ms ? cfg->merge_timeout_ms :
				       1000 * (30 + cfg->npages / 16384);
}

uint64_t run_max_pages(void)
{
	return guest_max_data_size() / host_page_size();
}

uint64_t run_max_gib(void)
{
	return guest_max_data_size() >> 30;
}
