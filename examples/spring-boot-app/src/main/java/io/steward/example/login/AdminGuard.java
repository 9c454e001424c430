package io.steward.example.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets only signed-in users named in {@code example.admins} reach {@code /admin/**}: 401 without a
 * signed-in session, 403 for other users. (An application with Spring Security would use a role.)
 */
@Configuration(proxyBeanMethods = false)
public class AdminGuard implements WebMvcConfigurer, HandlerInterceptor {

    private final List<String> admins;

    public AdminGuard(@Value("${example.admins:}") List<String> admins) {
        this.admins = List.copyOf(admins);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<String> user = SignedInUser.of(request);
        if (user.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }
        if (!admins.contains(user.get())) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return false;
        }
        return true;
    }
}
