/* demo_directory.c — the demo's community resource directory (issue 23):
 * a few dozen fictional services of fictional organizations in and
 * around "Harbor City" (the Harbor demo program's town, New York time),
 * across the main categories (recovery community centre, mutual-help
 * meetings, housing, food, employment, benefits, crisis), with opening
 * hours, coordinates, languages, costs and categories.  Every name,
 * address and number is made up (555-01xx numbers). */
#include "demo_directory.h"

#include "../resources/directory.h"
#include "../resources/org.h"

#include <stdio.h>
#include <string.h>

struct demo_org {
	const char *name, *description, *phone;
	bool peer_run;
};

static const struct demo_org orgs[] = {
    {"Harbor Recovery Community Center",
     "A peer-run centre for people in or seeking recovery.", "203-555-0110",
     true},
    {"Harbor Area Mutual Help Intergroup",
     "Lists the area's twelve-step and other mutual-help meetings.",
     "203-555-0111", true},
    {"Lighthouse Housing Partnership",
     "Shelter, recovery housing and help finding a home.", "203-555-0112",
     false},
    {"Harbor Food Network", "Food pantries and community meals.",
     "203-555-0113", false},
    {"Working Harbor Jobs Center",
     "Job search help, training and second-chance employers.", "203-555-0114",
     false},
    {"Harbor Benefits Help Desk",
     "Help applying for health coverage, food benefits and income "
     "support.",
     "203-555-0115", false},
    {"Harbor County Crisis Services",
     "Crisis lines, mobile crisis and a walk-in crisis centre.", "203-555-0116",
     false},
};

struct demo_svc {
	int org;
	const char *name, *category, *description;
	const char *address, *postal_code;
	double lat, lon;
	int hours; /* 0 weekdays 9–17, 1 evenings, 2 every day 24 h, 3 one day
	            */
	bool free;
	const char *fee, *languages, *eligibility, *documents;
	bool peer_run, recovery_friendly;
};

static const struct demo_svc services[] = {
    {0, "Drop-in recovery support", "Recovery community centre",
     "Coffee, peer support and a quiet room; no appointment.",
     "40 Wharf Street", "06510", 41.3049, -72.9219, 0, true, NULL,
     "English, Spanish", "Anyone in or seeking recovery.", NULL, true, true},
    {0, "Recovery coaching", "Recovery community centre",
     "One-to-one coaching with a certified recovery coach.", "40 Wharf Street",
     "06510", 41.3049, -72.9219, 0, true, NULL, "English", "Adults.",
     "Photo ID", true, true},
    {0, "All-recovery evening meeting", "Mutual-help meeting",
     "Open to every pathway of recovery.", "40 Wharf Street", "06510", 41.3049,
     -72.9219, 1, true, NULL, "English", NULL, NULL, true, true},
    {0, "Family recovery circle", "Recovery community centre",
     "For family members and friends of people in recovery.", "40 Wharf Street",
     "06510", 41.3049, -72.9219, 3, true, NULL, "English, Spanish", NULL, NULL,
     true, true},
    {0, "Recovery-friendly gym hour", "Recovery community centre",
     "Exercise with others in recovery.", "12 Ferry Road", "06512", 41.2921,
     -72.9003, 3, true, NULL, "English", "Adults.", NULL, true, true},
    {1, "Harbor Tuesday morning group", "Mutual-help meeting",
     "Twelve-step meeting, open to all.", "5 Chapel Lane", "06511", 41.3101,
     -72.9305, 3, true, NULL, "English", NULL, NULL, true, true},
    {1, "Grupo en español", "Mutual-help meeting",
     "Reunión de ayuda mutua en español.", "77 Grand Avenue", "06513", 41.3067,
     -72.8951, 1, true, NULL, "Spanish", NULL, NULL, true, true},
    {1, "SMART recovery meeting", "Mutual-help meeting",
     "Self-management and recovery training, science-based.", "210 Elm Street",
     "06511", 41.3112, -72.9301, 1, true, NULL, "English", NULL, NULL, true,
     true},
    {1, "Women's recovery meeting", "Mutual-help meeting",
     "A meeting for women.", "88 Orange Street", "06510", 41.3065, -72.9248, 1,
     true, NULL, "English", "Women.", NULL, true, true},
    {1, "Online evening meeting", "Mutual-help meeting",
     "A video meeting every evening; the link is on the phone line.", NULL,
     NULL, 0, 0, 2, true, NULL, "English", NULL, NULL, true, true},
    {1, "Young people in recovery", "Mutual-help meeting",
     "For people aged 18 to 30.", "15 College Street", "06510", 41.3059,
     -72.9287, 1, true, NULL, "English", "Ages 18 to 30.", NULL, true, true},
    {2, "Emergency shelter", "Housing",
     "Beds for the night; check-in from 5 pm.", "300 State Street", "06511",
     41.3121, -72.9220, 2, true, NULL, "English, Spanish",
     "Adults without a place to stay.", "Photo ID if you have one", false,
     true},
    {2, "Recovery housing referrals", "Housing",
     "Places in certified recovery residences.", "301 State Street", "06511",
     41.3123, -72.9222, 0, false, "25", "English",
     "Adults in recovery, 30 days sober.", "Photo ID\nProof of income", false,
     true},
    {2, "Rental assistance", "Housing", "Help with a deposit or back rent.",
     "301 State Street", "06511", 41.3123, -72.9222, 0, true, NULL,
     "English, Spanish",
     "Residents of Harbor County at risk of losing their home.",
     "Photo ID\nLease\nEviction notice if any", false, true},
    {2, "Housing search clinic", "Housing",
     "Walk in to get help looking for a place.", "301 State Street", "06511",
     41.3123, -72.9222, 3, true, NULL, "English", NULL, NULL, false, true},
    {3, "Wharf Street food pantry", "Food", "Groceries once a week.",
     "22 Wharf Street", "06510", 41.3040, -72.9230, 0, true, NULL,
     "English, Spanish, Haitian Creole", "Residents of Harbor County.",
     "Proof of address", false, true},
    {3, "Community supper", "Food", "A hot meal, no questions asked.",
     "9 Church Street", "06510", 41.3072, -72.9262, 1, true, NULL, "English",
     NULL, NULL, false, true},
    {3, "Mobile food market", "Food",
     "Fresh produce from a truck, at low cost.", "Green Park", "06513", 41.3010,
     -72.9011, 3, false, "5", "English, Spanish", NULL, NULL, false, false},
    {3, "Breakfast club", "Food", "Breakfast on weekday mornings.",
     "40 Wharf Street", "06510", 41.3049, -72.9219, 0, true, NULL, "English",
     NULL, NULL, true, true},
    {4, "Second-chance job club", "Employment",
     "Job search with employers who hire people with records.",
     "500 Chapel Street", "06511", 41.3090, -72.9160, 0, true, NULL,
     "English, Spanish", "Adults.", "Photo ID\nSocial Security card", false,
     true},
    {4, "Résumé and interview help", "Employment",
     "One-to-one help with a résumé and interview practice.",
     "500 Chapel Street", "06511", 41.3090, -72.9160, 0, true, NULL, "English",
     NULL, NULL, false, true},
    {4, "Forklift and warehouse training", "Employment",
     "A four-week course with a certificate.", "18 Port Road", "06512", 41.2880,
     -72.9100, 0, false, "50", "English",
     "Adults with a "
     "driver's licence.",
     "Driver's licence", false, false},
    {4, "Peer specialist training", "Employment",
     "The state's peer specialist certification course.", "40 Wharf Street",
     "06510", 41.3049, -72.9219, 3, true, NULL, "English",
     "People with lived experience of recovery.", NULL, true, true},
    {5, "Health coverage sign-up", "Benefits",
     "Help applying for Medicaid and marketplace coverage.", "60 Court Street",
     "06510", 41.3058, -72.9240, 0, true, NULL, "English, Spanish, Vietnamese",
     NULL, "Photo ID\nProof of income\nProof of address", false, true},
    {5, "Food benefits (SNAP) application help", "Benefits",
     "Help applying for food benefits.", "60 Court Street", "06510", 41.3058,
     -72.9240, 0, true, NULL, "English, Spanish", NULL,
     "Photo ID\nProof of income", false, true},
    {5, "Disability benefits advice", "Benefits",
     "Advice on SSI and SSDI applications and appeals.", "60 Court Street",
     "06510", 41.3058, -72.9240, 3, true, NULL, "English", NULL,
     "Medical records if you have them", false, true},
    {5, "Free tax preparation", "Benefits",
     "Tax returns prepared free for low-income households.", "1 Library Square",
     "06510", 41.3069, -72.9275, 3, true, NULL, "English, Spanish",
     "Household income under $60,000.", "Photo ID\nW-2 forms", false, false},
    {6, "Harbor crisis line", "Crisis",
     "Talk to a counsellor any time, day or night.", NULL, NULL, 0, 0, 2, true,
     NULL, "English, Spanish", NULL, NULL, false, true},
    {6, "Mobile crisis team", "Crisis",
     "Counsellors who come to you in a mental health or substance use "
     "crisis.",
     NULL, NULL, 0, 0, 2, true, NULL, "English, Spanish", NULL, NULL, false,
     true},
    {6, "Walk-in crisis centre", "Crisis",
     "A calm place to go in a crisis, instead of the emergency room.",
     "90 Howard Avenue", "06519", 41.2990, -72.9350, 2, true, NULL,
     "English, Spanish", "Adults.", NULL, false, true},
    {6, "Overdose prevention and naloxone", "Crisis",
     "Free naloxone kits and training.", "90 Howard Avenue", "06519", 41.2990,
     -72.9350, 0, true, NULL, "English, Spanish", NULL, NULL, true, true},
};

static void hours(struct dir_service *s, int kind)
{
	for (int d = 0; d < DIR_DAYS; d++) {
		bool open = kind == 2 || (kind == 0 && d < 5) ||
		            (kind == 1 && d != 6) || (kind == 3 && d == 1);
		if (!open)
			continue;
		s->opens[d] = kind == 2   ? "00:00"
		              : kind == 1 ? "18:30"
		                          : "09:00";
		s->closes[d] = kind == 2   ? "23:59"
		               : kind == 1 ? "20:00"
		                           : "17:00";
	}
	if (kind == 3)
		s->hours_note = "Tuesdays only.";
}

int demo_directory(struct db *db)
{
	struct arena a;
	arena_init(&a);
	const char *org_ids[sizeof orgs / sizeof orgs[0]];
	int rc = 0;
	for (size_t i = 0; i < sizeof orgs / sizeof orgs[0] && !rc; i++) {
		struct dir_org o = {
		    "", orgs[i].name,  "",   orgs[i].description, "",
		    "", orgs[i].phone, true, orgs[i].peer_run};
		rc = dir_org_save(db, &a, &o, NULL) != DB_OK;
		org_ids[i] = o.id;
		struct dir_partner p = {0,
		                        o.id,
		                        "Jordan Rivera (fictional)",
		                        "Community liaison",
		                        "203-555-0190",
		                        "",
		                        "",
		                        ""};
		int64_t id;
		if (!rc && i % 2 == 0)
			rc = dir_partner_add(db, &p, &id) != DB_OK;
	}
	for (size_t i = 0; i < sizeof services / sizeof services[0] && !rc;
	     i++) {
		const struct demo_svc *d = &services[i];
		struct dir_service s;
		dir_service_blank(&s);
		s.organization_id = org_ids[d->org];
		s.name = d->name;
		s.description = d->description;
		s.new_category = d->category;
		s.peer_run = d->peer_run;
		s.recovery_friendly = d->recovery_friendly;
		s.free = d->free;
		s.cost_amount = d->fee ? d->fee : "";
		s.languages = d->languages;
		s.eligibility_description =
		    d->eligibility ? d->eligibility : "";
		s.required_documents = d->documents ? d->documents : "";
		s.phone = arena_sprintf(&a, "203-555-01%02d", (int)(20 + i));
		s.service_areas = "Harbor County";
		if (d->address) {
			s.address_1 = d->address;
			s.city = "Harbor City";
			s.state_province = "CT";
			s.postal_code = d->postal_code;
			s.country = "US";
			s.latitude = arena_sprintf(&a, "%.4f", d->lat);
			s.longitude = arena_sprintf(&a, "%.4f", d->lon);
			s.accessibility = i % 3 ? "Step-free entrance" : "";
		}
		hours(&s, d->hours);
		rc = dir_service_save(db, &a, &s, NULL) != DB_OK;
	}
	arena_free(&a);
	return rc ? -1 : 0;
}
