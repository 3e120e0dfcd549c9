"""Who may write, review and propose (django-rules).

Write and edit articles: editors (and administrators) over the article's unit, while it is a
draft or returned. Review (approve, return, withdraw): the secretariat over the unit. Propose a
case: observers (Mặt trận, đoàn thể) and units' focal points.
"""

import rules

from thidua.communication.enums import ArticleState, CaseState
from thidua.org.enums import Role
from thidua.org.scope import user_scope

WRITERS = {Role.EDITOR, Role.ADMIN}
REVIEWERS = {Role.SECRETARIAT, Role.ADMIN}
PROPOSERS = {Role.OBSERVER, Role.FOCAL_POINT}


@rules.predicate
def is_writer(user) -> bool:
    return user_scope(user).has_role(*WRITERS)


@rules.predicate
def is_editorial(user) -> bool:
    return user_scope(user).has_role(*WRITERS, *REVIEWERS)


@rules.predicate
def is_proposer(user) -> bool:
    return user_scope(user).has_role(*PROPOSERS)


@rules.predicate
def writes_for(user, article) -> bool:
    return article is not None and user_scope(user).covers(article.unit, WRITERS)


@rules.predicate
def reviews_for(user, article) -> bool:
    return article is not None and user_scope(user).covers(article.unit, REVIEWERS)


@rules.predicate
def is_editable(user, article) -> bool:
    return article is not None and article.state in ArticleState.editable()


@rules.predicate
def in_review(user, article) -> bool:
    return article is not None and article.state == ArticleState.REVIEW


@rules.predicate
def is_published(user, article) -> bool:
    return article is not None and article.state == ArticleState.PUBLISHED


@rules.predicate
def is_withdrawn(user, article) -> bool:
    return article is not None and article.state == ArticleState.WITHDRAWN


@rules.predicate
def submittable(user, article) -> bool:
    return article is not None and article.state in {ArticleState.DRAFT, ArticleState.RETURNED}


@rules.predicate
def handles_case(user, case) -> bool:
    return (
        case is not None
        and case.state in CaseState.open()
        and user_scope(user).covers(case.unit, WRITERS)
    )


rules.add_perm("communication.view_editorial", is_editorial)
rules.add_perm("communication.add_article", is_writer)
rules.add_perm("communication.change_article", writes_for & is_editable)
rules.add_perm("communication.submit_article", writes_for & submittable)
rules.add_perm("communication.reopen_article", writes_for & is_withdrawn)
rules.add_perm("communication.approve_article", reviews_for & in_review)
rules.add_perm("communication.return_article", reviews_for & in_review)
rules.add_perm("communication.withdraw_article", reviews_for & is_published)
rules.add_perm("communication.propose_case", is_proposer)
rules.add_perm("communication.handle_case", handles_case)
rules.add_perm("communication.edit_profile", is_editorial)
