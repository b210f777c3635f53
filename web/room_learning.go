package web

import (
	"net/http"

	"civhub"
)

// learning is the room of courses: the catalogue, lessons and quizzes, trainers' editing, the
// moderators' queue of courses and each person's progress. It sees the course service only; the
// core loop asks the same service, as its Prerequisites, who may join a task.
type learning struct {
	*kit
	courses civhub.CourseService
	baseURL string // where civhub is reached, for the address an offline file names; "" for the request's host
}

// routes registers the learning pages.
func (s *learning) routes(pages *http.ServeMux) {
	s.route(pages, "GET /courses", s.courseList)
	s.route(pages, "GET /courses/new", s.newCourseForm)
	s.route(pages, "POST /courses/new", s.createCourse)
	s.route(pages, "GET /courses/{slug}/{lang}", s.course)
	s.route(pages, "GET /courses/{slug}/{lang}/offline", s.offlineCourse)
	s.route(pages, "GET /courses/{slug}/{lang}/images/{id}", s.courseImage)
	s.route(pages, "POST /courses/{slug}/{lang}/images", s.addCourseImage)
	s.route(pages, "GET /courses/{slug}/{lang}/edit", s.editCourseForm)
	s.route(pages, "POST /courses/{slug}/{lang}/edit", s.updateCourse)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons", s.addLesson)
	s.route(pages, "GET /courses/{slug}/{lang}/lessons/{n}", s.lesson)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons/{n}/quiz", s.takeQuiz)
	s.route(pages, "GET /courses/{slug}/{lang}/lessons/{n}/edit", s.editLessonForm)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons/{n}/edit", s.updateLesson)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons/{n}/delete", s.deleteLesson)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons/{n}/move", s.moveLesson)
	s.route(pages, "POST /courses/{slug}/{lang}/lessons/{n}/questions", s.addQuestion)
	s.route(pages, "GET /courses/{slug}/{lang}/questions/{id}/edit", s.editQuestionForm)
	s.route(pages, "POST /courses/{slug}/{lang}/questions/{id}/edit", s.updateQuestion)
	s.route(pages, "POST /courses/{slug}/{lang}/questions/{id}/delete", s.deleteQuestion)
	s.route(pages, "POST /courses/{slug}/{lang}/submit", s.submitCourse)
	s.route(pages, "POST /courses/{slug}/{lang}/translate", s.translateCourse)
	s.route(pages, "POST /courses/{slug}/{lang}/review", s.reviewCourse)
	s.route(pages, "GET /admin/courses", s.courseQueue)
	s.route(pages, "POST /admin/people/{person}/trainer", s.setTrainer)
	s.route(pages, "POST /orgs/{slug}/trainer", s.setTrainerOrganization)
	s.route(pages, "GET /me/learning", s.myLearning)
}
