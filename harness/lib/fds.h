/* SPDX-License-Identifier: GPL-2.0 */
/* Open file descriptors of this process (/proc/self/fd). */
#ifndef KSMEXIT_FDS_H
#define KSMEXIT_FDS_H

/* How many are open now (the one opendir uses is counted too). */
int fds_open_count(void);

#endif
