# The queues, their dead-letter queues and their consumers. The Worker dispatches on the exact queue name
# (workers/src/queue/handle-queue.ts), so names carry no environment suffix: staging and production live
# in separate Cloudflare accounts. A queue has at most one Worker consumer: the home region's script.
terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.14"
    }
  }
}

variable "account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "queue_names" {
  description = "Every queue to create (main queues and dead-letter queues alike)."
  type        = list(string)
}

variable "consumers" {
  description = "One consumer per queue: batch size, wait, retries, retry delay and the dead-letter queue (null for none)."
  type = list(object({
    queue             = string
    batch_size        = number
    max_wait_time_ms  = number
    max_retries       = number
    retry_delay       = optional(number, 0)
    dead_letter_queue = optional(string)
  }))
}

variable "consumer_script_name" {
  description = "The Worker script that consumes every queue (the home region's script)."
  type        = string
}

resource "cloudflare_queue" "this" {
  for_each   = toset(var.queue_names)
  account_id = var.account_id
  queue_name = each.value
}

resource "cloudflare_queue_consumer" "this" {
  for_each          = { for c in var.consumers : c.queue => c }
  account_id        = var.account_id
  queue_id          = cloudflare_queue.this[each.key].queue_id
  script_name       = var.consumer_script_name
  type              = "worker"
  dead_letter_queue = each.value.dead_letter_queue
  settings = {
    batch_size       = each.value.batch_size
    max_retries      = each.value.max_retries
    max_wait_time_ms = each.value.max_wait_time_ms
    retry_delay      = each.value.retry_delay
  }

  lifecycle {
    precondition {
      condition     = each.value.dead_letter_queue == null || contains(var.queue_names, coalesce(each.value.dead_letter_queue, "-"))
      error_message = "A consumer's dead_letter_queue must be one of queue_names."
    }
  }
}

output "queue_ids" {
  description = "Queue id by queue name."
  value       = { for name, q in cloudflare_queue.this : name => q.queue_id }
}
