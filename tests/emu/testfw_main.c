/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main() of every harness test runner: run the registered TESTs. */
#include "testfw.h"

int main(int argc, char **argv)
{
	return tf_main(argc, argv);
}
