/* program_paging.c — one page of programs for a request, shared by the
 * page and the API so both read ?limit= and ?cursor= the same way. */
#include "../../http/api.h"
#include "../../http/response.h"
#include "program.h"

int program_list_page(struct req *r, struct program **list, int *count,
                      int *limit)
{
	int64_t after;
	if (api_page(r, limit, &after))
		return -1;
	/* One more than asked tells whether another page follows. */
	if (program_list(r->db, &r->arena, after, *limit + 1, list, count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return -1;
	}
	return 0;
}
